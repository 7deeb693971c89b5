using Fleet.Contracts;

namespace Fleet.Cli.Watch;

/// <summary>
/// The documents (PDFs and images, <see cref="InputFiles"/>) of a folder that are ready to be read: not finished before
/// (<see cref="WatchState"/>), and fully written, i.e. their size and modification time have not changed for the settle
/// time and the file ends as its kind does (<see cref="WrittenFile"/>). A file that stays unchanged without that ending
/// is taken anyway after ten settle times, so a truncated file fails with its reason instead of waiting for ever.
/// </summary>
public sealed class WatchedFolder(DirectoryInfo folder, DirectoryInfo output, bool recursive, TimeSpan settle, TimeProvider clock)
{
    private const int IncompleteSettles = 10;

    private readonly Dictionary<string, Seen> seen = new(StringComparer.Ordinal);

    public IReadOnlyList<WatchedFile> Ready(WatchState state)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ready = new List<WatchedFile>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Documents())
        {
            var key = Path.GetRelativePath(folder.FullName, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            var (size, modified) = (file.Length, file.LastWriteTimeUtc);
            present.Add(key);
            if (state.IsFinished(key, size, modified))
                continue;
            if (!seen.TryGetValue(key, out var before) || before.Size != size || before.Modified != modified)
            {
                seen[key] = new Seen(size, modified, now);
                continue;
            }
            var unchanged = now - Later(before.Since, modified);
            if (unchanged < settle || (unchanged < settle * IncompleteSettles && !WrittenFile.EndsWhole(file)))
                continue;
            ready.Add(new WatchedFile(key, size, modified));
        }
        foreach (var gone in seen.Keys.Where(k => !present.Contains(k)).ToList())
            seen.Remove(gone);
        return ready;
    }

    /// <summary>Forgets a file handed out, so a failed batch's files are looked at afresh.</summary>
    public void Forget(string key) => seen.Remove(key);

    private IEnumerable<FileInfo> Documents()
    {
        var options = new EnumerationOptions { RecurseSubdirectories = recursive, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden };
        var outputFolder = output.FullName.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return folder.EnumerateFiles("*", options)
            .Where(f => InputFiles.IsInput(f.Name) && !f.FullName.StartsWith(outputFolder, StringComparison.Ordinal));
    }

    private static DateTime Later(DateTime a, DateTime b) => a > b ? a : b;

    private sealed record Seen(long Size, DateTime Modified, DateTime Since);
}

/// <summary>A file ready to be read, as it was when it was found ready.</summary>
public sealed record WatchedFile(string Key, long Size, DateTime ModifiedUtc);
