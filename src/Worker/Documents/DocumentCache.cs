using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Worker.Documents;

/// <summary>
/// Local copies of input documents, so a worker fetches a document once for all of its chunks and never holds one
/// whole in memory: an input is streamed to a file (its sha256 computed on the way), keyed by bucket, key and ETag, and
/// read from there by PDFium and PdfPig. Chunks of one document asking at once share one download. Copies not being
/// read are evicted, least recently used first, when the total passes <see cref="WorkerOptions.DocumentCacheBytes"/>;
/// a copy being read is never deleted. A copy is of the version it was downloaded as, so it stays right to serve for
/// that ETag even after the object is replaced.
/// </summary>
public sealed partial class DocumentCache : IDisposable
{
    private const string LockFileName = ".lock";
    private const int CopyBufferBytes = 128 * 1024;

    // A folder without a lock file may be one being created right now; only an old one is a leftover.
    private static readonly TimeSpan UnlockedFolderAge = TimeSpan.FromMinutes(5);

    private readonly IObjectStore store;
    private readonly ILogger<DocumentCache> logger;
    private readonly long budget;
    private readonly string folder;
    private readonly FileStream folderLock;
    private readonly CancellationTokenSource stopping = new();
    private readonly Lock sync = new();
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private long cachedBytes;
    private long clock;

    public DocumentCache(IObjectStore store, IOptions<WorkerOptions> options, ILogger<DocumentCache> logger)
    {
        this.store = store;
        this.logger = logger;
        budget = options.Value.DocumentCacheBytes;
        var root = string.IsNullOrWhiteSpace(options.Value.DocumentCacheDirectory)
            ? Path.Combine(Path.GetTempPath(), "fleet-documents")
            : Path.GetFullPath(options.Value.DocumentCacheDirectory);
        Directory.CreateDirectory(root);
        RemoveLeftovers(root);

        // A folder per process, held by an exclusive lock on a file in it: another process starting later can tell a
        // live cache from one left by a killed worker, and removes only the latter.
        folder = Path.Combine(root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        folderLock = new FileStream(Path.Combine(folder, LockFileName), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
    }

    /// <summary>Bytes of the local copies on disk now.</summary>
    public long CachedBytes
    {
        get
        {
            lock (sync)
                return cachedBytes;
        }
    }

    /// <summary>
    /// A lease on the local copy of <paramref name="key"/> in <paramref name="bucket"/> at version
    /// <paramref name="eTag"/> (the current version when null), downloaded first unless it is already here.
    /// </summary>
    /// <exception cref="ObjectNotFoundException">The object does not exist.</exception>
    /// <exception cref="ObjectChangedException">The object is no longer at version <paramref name="eTag"/>.</exception>
    public async Task<CachedDocument> AcquireAsync(string bucket, string key, string? eTag, CancellationToken cancellationToken)
    {
        eTag ??= (await store.FindAsync(bucket, key, cancellationToken) ?? throw new ObjectNotFoundException(bucket, key)).ETag
            ?? throw new InvalidOperationException($"the object store gave no ETag for '{key}' in bucket '{bucket}'");
        return await LeaseAsync(bucket, key, eTag, opened: null, cancellationToken);
    }

    /// <summary>
    /// A lease on the local copy of the object's current version, found and downloaded with one request
    /// (<see cref="IObjectStore.OpenCurrentAsync"/>) where looking it up first would take two; null when it does not
    /// exist. Its size is checked against <paramref name="maxBytes"/> before a byte is read.
    /// </summary>
    /// <exception cref="InputTooLargeException">The object is bigger than <paramref name="maxBytes"/>.</exception>
    public async Task<CachedDocument?> AcquireCurrentAsync(string bucket, string key, long maxBytes, CancellationToken cancellationToken)
    {
        var opened = await store.OpenCurrentAsync(bucket, key, cancellationToken);
        if (opened is null)
            return null;
        if (opened.Object.Size > maxBytes)
        {
            await opened.DisposeAsync();
            throw new InputTooLargeException(opened.Object.Size, maxBytes);
        }
        if (opened.Object.ETag is not { } eTag)
        {
            await opened.DisposeAsync();
            throw new InvalidOperationException($"the object store gave no ETag for '{key}' in bucket '{bucket}'");
        }
        // The cache owns the opened stream from here: it downloads from it, or closes it when that version is already here.
        return await LeaseAsync(bucket, key, eTag, opened, cancellationToken);
    }

    private async Task<CachedDocument> LeaseAsync(string bucket, string key, string eTag, OpenedObject? opened, CancellationToken cancellationToken)
    {
        var id = IdOf(bucket, key, eTag);
        Entry entry;
        var download = false;
        lock (sync)
        {
            if (stopping.IsCancellationRequested)
            {
                opened?.Content.Dispose();
                throw new ObjectDisposedException(nameof(DocumentCache));
            }
            if (!entries.TryGetValue(id, out entry!))
            {
                entry = new Entry(Path.Combine(folder, id + ".pdf"));
                entries.Add(id, entry);
                download = true;
            }
            entry.Leases++;
            entry.LastUsed = ++clock;
        }

        if (download)
        {
            // Not the caller's token: other chunks may be waiting on this download after this caller has given up.
            _ = Download(id, entry, bucket, key, eTag, opened?.Content);
        }
        else
        {
            opened?.Content.Dispose();
        }

        try
        {
            var copy = await entry.Copy.Task.WaitAsync(cancellationToken);
            return new CachedDocument(entry.Path, copy.Size, copy.Sha256, eTag, () => Release(entry));
        }
        catch
        {
            Release(entry);
            throw;
        }
    }

    public void Dispose()
    {
        lock (sync)
        {
            if (stopping.IsCancellationRequested)
                return;
            stopping.Cancel();
        }
        folderLock.Dispose();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException e)
        {
            LogCleanupFailed(folder, e.Message);
        }
    }

    private async Task Download(string id, Entry entry, string bucket, string key, string eTag, Stream? opened)
    {
        var part = $"{entry.Path}.{Guid.NewGuid():N}.part";
        try
        {
            var copy = await CopyToFile(bucket, key, eTag, opened, part, stopping.Token);
            File.Move(part, entry.Path, overwrite: true);
            lock (sync)
            {
                entry.Size = copy.Size;
                entry.Downloaded = true;
                cachedBytes += copy.Size;
                Evict();
            }
            LogDownloaded(key, bucket, copy.Size);
            entry.Copy.SetResult(copy);
        }
        catch (Exception e)
        {
            TryDelete(part);
            // A failed download is forgotten, so the next chunk asking tries again.
            lock (sync)
                entries.Remove(id);
            entry.Copy.SetException(e);
        }
    }

    private async Task<Copy> CopyToFile(string bucket, string key, string eTag, Stream? opened, string path, CancellationToken cancellationToken)
    {
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        long size = 0;
        try
        {
            await using var source = opened ?? await store.OpenReadAsync(bucket, key, eTag, cancellationToken);
            await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, useAsync: true);
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, CopyBufferBytes), cancellationToken)) > 0)
            {
                sha256.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                size += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return new Copy(size, Convert.ToHexStringLower(sha256.GetHashAndReset()));
    }

    private void Release(Entry entry)
    {
        lock (sync)
        {
            entry.Leases--;
            entry.LastUsed = ++clock;
            Evict();
        }
    }

    /// <summary>Deletes least recently used copies that nobody reads until the total fits the budget; callers hold the lock.</summary>
    private void Evict()
    {
        while (cachedBytes > budget)
        {
            var victim = entries
                .Where(e => e.Value.Leases == 0 && e.Value.Downloaded)
                .OrderBy(e => e.Value.LastUsed)
                .FirstOrDefault();
            if (victim.Value is null)
                return;
            entries.Remove(victim.Key);
            cachedBytes -= victim.Value.Size;
            TryDelete(victim.Value.Path);
        }
    }

    private void RemoveLeftovers(string root)
    {
        foreach (var leftover in Directory.EnumerateDirectories(root))
        {
            try
            {
                var lockFile = Path.Combine(leftover, LockFileName);
                if (File.Exists(lockFile))
                {
                    // Opens only when no live process holds it.
                    using (new FileStream(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                    {
                    }
                }
                else if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(leftover) < UnlockedFolderAge)
                {
                    continue;
                }
                Directory.Delete(leftover, recursive: true);
            }
            catch (IOException)
            {
                // Held by a live worker.
            }
            catch (UnauthorizedAccessException)
            {
                // Someone else's folder.
            }
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException e)
        {
            LogCleanupFailed(path, e.Message);
        }
    }

    private static string IdOf(string bucket, string key, string eTag) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{bucket}\n{key}\n{eTag}")));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Downloaded {Key} from bucket {Bucket} ({Size} bytes) to the document cache")]
    private partial void LogDownloaded(string key, string bucket, long size);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not remove {Path} from the document cache: {Reason}")]
    private partial void LogCleanupFailed(string path, string reason);

    private sealed record Copy(long Size, string Sha256);

    private sealed class Entry(string path)
    {
        public string Path { get; } = path;

        public TaskCompletionSource<Copy> Copy { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Leases { get; set; }

        public long LastUsed { get; set; }

        public long Size { get; set; }

        public bool Downloaded { get; set; }
    }
}
