using System.Text.Json;

namespace Fleet.Worker.Assembly;

/// <summary>Reading a reuse record (<see cref="StoredResult"/>) back into the result it stands for.</summary>
public static class StoredResults
{
    /// <summary>
    /// The result the record stands for, or null when the JSON it points at was removed, replaced (its checksum
    /// differs) or cannot be read: then the document is processed again and the record replaced.
    /// </summary>
    public static async Task<DocumentResult?> ResultOfAsync(IObjectStore store, string bucket, StoredResult stored, CancellationToken cancellationToken)
    {
        if (stored.Result is { } held)
            return held;
        if (stored.Json is not { } json)
            return null;
        byte[] content;
        try
        {
            content = await store.ReadAllBytesAsync(bucket, json.Key, cancellationToken);
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
        if (ObjectStoreExtensions.Sha256Hex(content) != json.Sha256)
            return null;
        try
        {
            var result = ResultJson.Deserialize<DocumentResult>(content);
            return result.Sha256 == stored.Sha256 ? result : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
