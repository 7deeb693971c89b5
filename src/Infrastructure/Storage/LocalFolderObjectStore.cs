using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;

namespace Fleet.Infrastructure.Storage;

/// <summary>
/// Buckets as local folders: a bucket name is a folder path (absolute, or relative to the working directory), keys are
/// '/'-separated paths inside it. Writes go to a temporary file renamed into place, so a killed process never leaves a
/// half-written result behind, and a reader never sees a part.
/// </summary>
/// <remarks>
/// A file's ETag is its length and last write time (UTC ticks), in hex: every write here renames a new file into
/// place, which gives it a new write time, so a replaced object gets a new ETag while an untouched one keeps its own.
/// </remarks>
public sealed class LocalFolderObjectStore : IObjectStore
{
    private const int BufferSize = 81920;

    public Task<StoredObject?> FindAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(PathOf(bucket, key));
        return Task.FromResult(file.Exists ? new StoredObject(key, file.Length, ETagOf(file.Length, file.LastWriteTimeUtc)) : null);
    }

    public async Task<byte[]> ReadAllBytesAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(bucket, key);
        if (!File.Exists(path))
            throw new ObjectNotFoundException(bucket, key);
        return await File.ReadAllBytesAsync(path, cancellationToken);
    }

    public Task<Stream> OpenReadAsync(string bucket, string key, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        var path = PathOf(bucket, key);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ObjectNotFoundException(bucket, key);
        }

        // The ETag of the open handle, not of the path: a file renamed over this one after the open is not what is read.
        if (ifMatch is not null && ETagOf(stream.SafeFileHandle) != ifMatch)
        {
            stream.Dispose();
            throw new ObjectChangedException(bucket, key, ifMatch);
        }
        return Task.FromResult<Stream>(stream);
    }

    public Task<OpenedObject?> OpenCurrentAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(PathOf(bucket, key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<OpenedObject?>(null);
        }
        // Of the open handle, as OpenReadAsync checks it: the version described is the one read.
        var length = RandomAccess.GetLength(stream.SafeFileHandle);
        return Task.FromResult<OpenedObject?>(new OpenedObject(new StoredObject(key, length, ETagOf(stream.SafeFileHandle)), stream));
    }

    public Task WriteAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default) =>
        WriteThroughTemporaryFile(bucket, key, (stream, ct) => stream.WriteAsync(content, ct).AsTask(), cancellationToken);

    public Task WriteAsync(string bucket, string key, Stream content, string contentType, CancellationToken cancellationToken = default) =>
        WriteThroughTemporaryFile(bucket, key, (stream, ct) => content.CopyToAsync(stream, BufferSize, ct), cancellationToken);

    /// <summary>Deletes the file, then its folders up to the bucket's root as they become empty.</summary>
    public Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(bucket, key);
        File.Delete(path);
        var root = Path.GetFullPath(bucket).TrimEnd(Path.DirectorySeparatorChar);
        for (var folder = Path.GetDirectoryName(path); folder is not null && folder.Length > root.Length; folder = Path.GetDirectoryName(folder))
        {
            try
            {
                if (Directory.EnumerateFileSystemEntries(folder).Any())
                    break;
                Directory.Delete(folder);
            }
            catch (Exception e) when (e is IOException or DirectoryNotFoundException)
            {
                break; // another writer is filling it, or another delete emptied it first
            }
        }
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(string bucket, string prefix, bool recursive, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var root = Path.GetFullPath(bucket);
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"bucket folder '{root}' does not exist");

        // A prefix names a folder ("scans/") or the start of names inside one ("scans/2024-").
        var folder = Path.Combine(root, prefix[..(prefix.LastIndexOf('/') + 1)]);
        if (!Directory.Exists(folder))
            yield break;

        var option = recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly;
        var keys = Directory.EnumerateFiles(folder, "*", option)
            .Select(path => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(key => key.StartsWith(prefix, StringComparison.Ordinal) && !key.EndsWith(".tmp", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = new FileInfo(Path.Combine(root, key));
            if (file.Exists)
                yield return new StoredObject(key, file.Length, ETagOf(file.Length, file.LastWriteTimeUtc));
        }
        await Task.CompletedTask;
    }

    private static async Task WriteThroughTemporaryFile(string bucket, string key, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var path = PathOf(bucket, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true))
                await write(stream, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static string ETagOf(SafeFileHandle handle) => ETagOf(RandomAccess.GetLength(handle), File.GetLastWriteTimeUtc(handle));

    private static string ETagOf(long length, DateTime lastWriteUtc) =>
        string.Create(CultureInfo.InvariantCulture, $"{length:x}-{lastWriteUtc.Ticks:x}");

    private static string PathOf(string bucket, string key)
    {
        var root = Path.GetFullPath(bucket);
        var path = Path.GetFullPath(Path.Combine(root, key));
        if (!path.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"key '{key}' points outside bucket '{bucket}'", nameof(key));
        return path;
    }
}
