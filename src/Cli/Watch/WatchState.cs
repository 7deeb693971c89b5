using System.Text.Json;
using System.Text.Json.Serialization;

namespace Fleet.Cli.Watch;

/// <summary>
/// The files a watch has finished (succeeded or failed), kept in <c>.fleet-watch.json</c> in the output folder: a
/// restarted watch does not do them again. A file counts as the same while its size and modification time are; a
/// file written again is new.
/// </summary>
public sealed class WatchState
{
    public const string FileName = ".fleet-watch.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly string path;
    private readonly Dictionary<string, FinishedFile> files;

    private WatchState(string path, Dictionary<string, FinishedFile> files) => (this.path, this.files) = (path, files);

    public int Count => files.Count;

    /// <summary>The state in <paramref name="output"/>, or an empty one; an unreadable file is an error, not a fresh start.</summary>
    public static WatchState Load(DirectoryInfo output)
    {
        var path = Path.Combine(output.FullName, FileName);
        if (!File.Exists(path))
            return new WatchState(path, new(StringComparer.Ordinal));
        try
        {
            var stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(path), Json);
            return new WatchState(path, new(stored?.Files ?? [], StringComparer.Ordinal));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a watch state file ({e.Message}); move it away to start afresh", e);
        }
    }

    public bool IsFinished(string key, long size, DateTime modifiedUtc) =>
        files.TryGetValue(key, out var done) && done.Size == size && done.Modified == modifiedUtc;

    public void Record(string key, long size, DateTime modifiedUtc, Guid batchId, string status) =>
        files[key] = new FinishedFile(size, modifiedUtc, batchId, status);

    /// <summary>Written whole (a temporary file renamed over the old one), so a kill never leaves half a state.</summary>
    public void Save()
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(new Stored(files), Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>One finished file: what it was when it was done, in which batch, and how it ended.</summary>
    public sealed record FinishedFile(long Size, DateTime Modified, Guid BatchId, string Status);

    private sealed record Stored(Dictionary<string, FinishedFile> Files);
}
