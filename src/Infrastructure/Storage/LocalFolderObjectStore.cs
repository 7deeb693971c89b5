using System.Runtime.CompilerServices;

namespace Fleet.Infrastructure.Storage;

/// <summary>
/// Buckets as local folders: a bucket name is a folder path (absolute, or relative to the working directory), keys are
/// '/'-separated paths inside it. Writes go to a temporary file renamed into place, so a killed process never leaves a
/// half-written result behind.
/// </summary>
public sealed class LocalFolderObjectStore : IObjectStore
{
    public Task<StoredObject?> FindAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(PathOf(bucket, key));
        return Task.FromResult(file.Exists ? new StoredObject(key, file.Length) : null);
    }

    public async Task<byte[]> ReadAllBytesAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(bucket, key);
        if (!File.Exists(path))
            throw new ObjectNotFoundException(bucket, key);
        return await File.ReadAllBytesAsync(path, cancellationToken);
    }

    public async Task WriteAsync(string bucket, string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        var path = PathOf(bucket, key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                await stream.WriteAsync(content, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
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
            yield return new StoredObject(key, new FileInfo(Path.Combine(root, key)).Length);
        }
        await Task.CompletedTask;
    }

    private static string PathOf(string bucket, string key)
    {
        var root = Path.GetFullPath(bucket);
        var path = Path.GetFullPath(Path.Combine(root, key));
        if (!path.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException($"key '{key}' points outside bucket '{bucket}'", nameof(key));
        return path;
    }
}
