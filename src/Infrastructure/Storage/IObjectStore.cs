namespace Fleet.Infrastructure.Storage;

/// <summary>Buckets of objects: S3 in the distributed mode, local folders in the embedded one.</summary>
public interface IObjectStore
{
    /// <summary>The object's size and ETag, or null when it does not exist.</summary>
    Task<StoredObject?> FindAsync(string bucket, string key, CancellationToken cancellationToken = default);

    /// <summary>The whole object in memory: for small objects (result JSON), not for documents.</summary>
    Task<byte[]> ReadAllBytesAsync(string bucket, string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// The object's content as a stream the caller disposes, read as it arrives. With <paramref name="ifMatch"/>, only
    /// the version with that ETag is read.
    /// </summary>
    /// <exception cref="ObjectNotFoundException">The object does not exist.</exception>
    /// <exception cref="ObjectChangedException">The object's ETag is no longer <paramref name="ifMatch"/>.</exception>
    Task<Stream> OpenReadAsync(string bucket, string key, string? ifMatch = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The object's current version in one request: what <see cref="FindAsync"/> says of it (size, ETag) with its
    /// content as a stream the caller disposes, read as it arrives; null when it does not exist.
    /// </summary>
    Task<OpenedObject?> OpenCurrentAsync(string bucket, string key, CancellationToken cancellationToken = default);

    /// <summary>Writes the whole object at once: readers see the old object or the new one, never a part.</summary>
    Task WriteAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes an object read from <paramref name="content"/> without holding it whole in memory; like the byte
    /// overload, readers never see a part.
    /// </summary>
    Task WriteAsync(string bucket, string key, Stream content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>Removes the object; one that does not exist is no error (a retried delete succeeds).</summary>
    Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken = default);

    /// <summary>Objects whose key starts with <paramref name="prefix"/>, in key order; only direct children unless recursive.</summary>
    IAsyncEnumerable<StoredObject> ListAsync(string bucket, string prefix, bool recursive, CancellationToken cancellationToken = default);
}

/// <param name="ETag">
/// An opaque token that changes whenever the object is replaced (S3's ETag; a local file's length and write time), for
/// <see cref="IObjectStore.OpenReadAsync"/>'s ifMatch. Null where a caller made the record without one.
/// </param>
public sealed record StoredObject(string Key, long Size, string? ETag = null);

/// <summary>An object's version and its content, from one request; disposing it closes the content.</summary>
public sealed record OpenedObject(StoredObject Object, Stream Content) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
