using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Fleet.Infrastructure.Storage;

namespace Fleet.Tests.Orchestration;

/// <summary>
/// Buckets in memory, for listings no folder should hold (100,000 keys) and faults a folder cannot produce on demand.
/// Listed objects can be synthetic: a size and bytes made up from the key, never stored.
/// </summary>
public sealed class MemoryBucket : IObjectStore
{
    private readonly ConcurrentDictionary<(string Bucket, string Key), byte[]> objects = new();

    /// <summary>Synthetic inputs of one bucket, in key order: their content is made when read.</summary>
    public Func<string, IEnumerable<StoredObject>>? Listing { get; init; }

    public Func<string, byte[]>? Content { get; init; }

    /// <summary>Thrown by every listing: a fault the listing consumer does not expect.</summary>
    public Exception? ListingFault { get; init; }

    public int Reads;

    public IReadOnlyDictionary<(string Bucket, string Key), byte[]> Objects => objects;

    public Task<StoredObject?> FindAsync(string bucket, string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(objects.TryGetValue((bucket, key), out var content) ? new StoredObject(key, content.LongLength) : null);

    public Task<byte[]> ReadAllBytesAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Reads);
        if (objects.TryGetValue((bucket, key), out var content))
            return Task.FromResult(content);
        return Content is { } make ? Task.FromResult(make(key)) : throw new ObjectNotFoundException(bucket, key);
    }

    public Task WriteAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        objects[(bucket, key)] = content.ToArray();
        return Task.CompletedTask;
    }

    public async Task<Stream> OpenReadAsync(string bucket, string key, string? ifMatch = null, CancellationToken cancellationToken = default) =>
        new MemoryStream(await ReadAllBytesAsync(bucket, key, cancellationToken), writable: false);

    public async Task<OpenedObject?> OpenCurrentAsync(string bucket, string key, CancellationToken cancellationToken = default) =>
        await FindAsync(bucket, key, cancellationToken) is { } found
            ? new OpenedObject(found, await OpenReadAsync(bucket, key, null, cancellationToken))
            : null;

    public async Task WriteAsync(string bucket, string key, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        objects[(bucket, key)] = copy.ToArray();
    }

    public Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        objects.TryRemove((bucket, key), out _);
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(string bucket, string prefix, bool recursive, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (ListingFault is { } fault)
            throw fault;
        var listed = Listing?.Invoke(bucket) ?? objects.Keys.Where(k => k.Bucket == bucket).Select(k => new StoredObject(k.Key, objects[k].LongLength)).OrderBy(o => o.Key, StringComparer.Ordinal);
        foreach (var item in listed.Where(o => o.Key.StartsWith(prefix, StringComparison.Ordinal)))
            yield return item;
        await Task.CompletedTask;
    }
}
