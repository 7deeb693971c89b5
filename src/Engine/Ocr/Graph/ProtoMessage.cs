using System.Buffers.Binary;
using System.Text;

namespace Fleet.Engine.Ocr.Graph;

/// <summary>
/// One protobuf message as its list of wire fields, in order. Enough to read and rewrite an ONNX model without
/// generated classes: fields this code does not understand are carried through byte for byte.
/// </summary>
internal sealed class ProtoMessage
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    public List<ProtoField> Fields { get; } = [];

    public static ProtoMessage Parse(ReadOnlyMemory<byte> data)
    {
        var message = new ProtoMessage();
        var span = data.Span;
        var position = 0;
        while (position < span.Length)
        {
            var key = ReadVarint(span, ref position);
            var number = (int)(key >> 3);
            var wireType = (int)(key & 7);
            switch (wireType)
            {
                case Varint:
                    message.Fields.Add(new ProtoField(number, wireType, ReadVarint(span, ref position), default));
                    break;
                case Fixed64:
                    message.Fields.Add(new ProtoField(number, wireType, 0, data.Slice(position, 8)));
                    position += 8;
                    break;
                case LengthDelimited:
                    var length = checked((int)ReadVarint(span, ref position));
                    message.Fields.Add(new ProtoField(number, wireType, 0, data.Slice(position, length)));
                    position += length;
                    break;
                case Fixed32:
                    message.Fields.Add(new ProtoField(number, wireType, 0, data.Slice(position, 4)));
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {wireType} in field {number}.");
            }
        }
        return message;
    }

    public IEnumerable<ProtoField> All(int number) => Fields.Where(f => f.Number == number);

    public ProtoField? First(int number)
    {
        foreach (var field in Fields)
        {
            if (field.Number == number)
                return field;
        }
        return null;
    }

    public string? String(int number) => First(number) is { } f ? Encoding.UTF8.GetString(f.Bytes.Span) : null;

    public IEnumerable<string> Strings(int number) => All(number).Select(f => Encoding.UTF8.GetString(f.Bytes.Span));

    public ProtoMessage? Message(int number) => First(number) is { } f ? Parse(f.Bytes) : null;

    /// <summary>Repeated integers, whether written packed (one length-delimited field) or one field each.</summary>
    public List<long> Int64s(int number)
    {
        var values = new List<long>();
        foreach (var field in All(number))
        {
            if (field.Type == Varint)
            {
                values.Add((long)field.Value);
                continue;
            }
            var span = field.Bytes.Span;
            var position = 0;
            while (position < span.Length)
                values.Add((long)ReadVarint(span, ref position));
        }
        return values;
    }

    public float? Float(int number) =>
        First(number) is { Type: Fixed32 } f ? BinaryPrimitives.ReadSingleLittleEndian(f.Bytes.Span) : null;

    public void Remove(int number) => Fields.RemoveAll(f => f.Number == number);

    public void AddVarint(int number, ulong value) => Fields.Add(new ProtoField(number, Varint, value, default));

    public void AddBytes(int number, ReadOnlyMemory<byte> bytes) => Fields.Add(new ProtoField(number, LengthDelimited, 0, bytes));

    public void AddString(int number, string value) => AddBytes(number, Encoding.UTF8.GetBytes(value));

    public void AddMessage(int number, ProtoMessage message) => AddBytes(number, message.ToArray());

    public void AddFloat(int number, float value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        Fields.Add(new ProtoField(number, Fixed32, 0, bytes));
    }

    /// <summary>The message's wire bytes, written into one buffer of the exact size (models are megabytes).</summary>
    public byte[] ToArray()
    {
        var size = 0;
        foreach (var field in Fields)
        {
            size += VarintSize(((ulong)field.Number << 3) | (uint)field.Type);
            size += field.Type switch
            {
                Varint => VarintSize(field.Value),
                LengthDelimited => VarintSize((ulong)field.Bytes.Length) + field.Bytes.Length,
                _ => field.Bytes.Length,
            };
        }

        var buffer = new byte[size];
        var position = 0;
        foreach (var field in Fields)
        {
            WriteVarint(buffer, ref position, ((ulong)field.Number << 3) | (uint)field.Type);
            if (field.Type == Varint)
            {
                WriteVarint(buffer, ref position, field.Value);
                continue;
            }
            if (field.Type == LengthDelimited)
                WriteVarint(buffer, ref position, (ulong)field.Bytes.Length);
            field.Bytes.Span.CopyTo(buffer.AsSpan(position));
            position += field.Bytes.Length;
        }
        return buffer;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= span.Length)
                throw new InvalidDataException("Truncated protobuf varint.");
            var b = span[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
        }
        throw new InvalidDataException("Malformed protobuf varint.");
    }

    private static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }
        return size;
    }

    private static void WriteVarint(byte[] buffer, ref int position, ulong value)
    {
        while (value >= 0x80)
        {
            buffer[position++] = (byte)(value | 0x80);
            value >>= 7;
        }
        buffer[position++] = (byte)value;
    }
}

/// <summary>A field on the wire: <see cref="Value"/> for varints, <see cref="Bytes"/> for everything else.</summary>
internal readonly record struct ProtoField(int Number, int Type, ulong Value, ReadOnlyMemory<byte> Bytes);
