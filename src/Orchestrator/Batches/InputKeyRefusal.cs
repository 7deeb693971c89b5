namespace Fleet.Orchestrator.Batches;

/// <summary>
/// Keys Fleet will not read, whatever the store: a "." or ".." segment would name outputs outside the output prefix
/// (and, in a folder store, inputs outside the bucket). Such a document fails at listing with this reason.
/// </summary>
public static class InputKeyRefusal
{
    public static string? For(string key) =>
        key.Split('/', '\\').Any(segment => segment is "." or "..")
            ? $"the key '{key}' has a '.' or '..' segment; such keys are refused so that no output lands outside the output prefix"
            : null;
}
