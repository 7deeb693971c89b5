using System.Buffers.Binary;

namespace Fleet.Cli.Watch;

/// <summary>
/// Whether a file ends as a whole file of its kind does, so a copy still being written is not taken: a PDF has
/// <c>%%EOF</c> near its end, a PNG ends with its IEND chunk, a JPEG with its end-of-image marker, a WebP is as long as
/// its RIFF header says. A TIFF has no ending to look for (its directories can be anywhere): the settle time alone
/// decides.
/// </summary>
public static class WrittenFile
{
    private const int TailBytes = 1024;

    public static bool EndsWhole(FileInfo file)
    {
        try
        {
            using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var tail = new byte[(int)Math.Min(TailBytes, stream.Length)];
            stream.Seek(-tail.Length, SeekOrigin.End);
            stream.ReadExactly(tail);
            return Path.GetExtension(file.Name).ToLowerInvariant() switch
            {
                ".png" => tail.AsSpan().EndsWith((ReadOnlySpan<byte>)[0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82]),
                ".jpg" or ".jpeg" => tail.AsSpan().EndsWith((ReadOnlySpan<byte>)[0xFF, 0xD9]),
                ".webp" => RiffLength(stream) == stream.Length,
                ".tif" or ".tiff" => true,
                _ => tail.AsSpan().IndexOf("%%EOF"u8) >= 0,
            };
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static long RiffLength(FileStream stream)
    {
        Span<byte> head = stackalloc byte[8];
        stream.Seek(0, SeekOrigin.Begin);
        return stream.Read(head) == 8 ? BinaryPrimitives.ReadUInt32LittleEndian(head[4..]) + 8L : -1;
    }
}
