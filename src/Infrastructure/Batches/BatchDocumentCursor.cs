using System.Buffers.Binary;
using System.Buffers.Text;

namespace Fleet.Infrastructure.Batches;

/// <summary>
/// Where a page of documents ends: the last listing sequence number seen (keyset paging, so a page costs the same
/// deep in a 100,000-document batch as at its start). Shown to clients as an opaque token.
/// </summary>
public readonly record struct BatchDocumentCursor(long AfterSequence)
{
    public string ToToken()
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(bytes, AfterSequence);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryParse(string? token, out BatchDocumentCursor cursor)
    {
        cursor = default;
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        // TryDecodeFromChars throws on characters outside the alphabet; IsValid says so first.
        if (string.IsNullOrEmpty(token) || !Base64Url.IsValid(token, out var length) || length != sizeof(long) ||
            !Base64Url.TryDecodeFromChars(token, bytes, out var written) || written != sizeof(long))
            return false;
        cursor = new BatchDocumentCursor(BinaryPrimitives.ReadInt64BigEndian(bytes));
        return cursor.AfterSequence >= 0;
    }
}
