namespace Fleet.Infrastructure.Storage;

/// <summary>Buckets of objects: S3 in the distributed mode, local folders in the embedded one.</summary>
public interface IObjectStore
{
    /// <summary>The object's size, or null when it does not exist.</summary>
    Task<StoredObject?> FindAsync(string bucket, string key, CancellationToken cancellationToken = default);

    Task<byte[]> ReadAllBytesAsync(string bucket, string key, CancellationToken cancellationToken = default);

    /// <summary>Writes the whole object at once: readers see the old object or the new one, never a part.</summary>
    Task WriteAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>Objects whose key starts with <paramref name="prefix"/>, in key order; only direct children unless recursive.</summary>
    IAsyncEnumerable<StoredObject> ListAsync(string bucket, string prefix, bool recursive, CancellationToken cancellationToken = default);
}

public sealed record StoredObject(string Key, long Size);
