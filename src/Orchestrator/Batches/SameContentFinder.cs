using Fleet.Infrastructure.Storage;

namespace Fleet.Orchestrator.Batches;

/// <summary>
/// Finds inputs whose bytes repeat an earlier input's, across the listing's pages. A file is read and hashed only once
/// a second file of its size appears (up to <see cref="OrchestratorOptions.MaxHashBytes"/>), so a batch without
/// same-sized files costs nothing more than its listing. Where the store's ETag is the MD5 of the bytes (S3's for an
/// object uploaded in one part), files of one size but other ETags are not read either: only a repeated size and ETag
/// is hashed to confirm. (An ETag that only looks like an MD5, as with SSE-KMS, can only hide a repeat, which is then
/// processed twice; it never makes two different files one.) Memory is bounded: it remembers one file per distinct
/// size and ETag plus one per file hashed, at most <see cref="OrchestratorOptions.MaxComparedFiles"/>; past that,
/// files not seen yet are not compared.
/// </summary>
public sealed class SameContentFinder(IObjectStore store, string bucket, OrchestratorOptions options)
{
    private readonly Dictionary<(long Size, string? ContentTag), SizeGroup> bySize = [];
    private int remembered;

    /// <summary>The earlier document with the same bytes as this one, if any.</summary>
    public async Task<Guid?> FirstWithSameContent(Guid documentId, StoredObject input, CancellationToken cancellationToken)
    {
        if (input.Size <= 0 || input.Size > options.MaxHashBytes)
            return null;
        var groupKey = (input.Size, ContentTag(input.ETag));
        if (!bySize.TryGetValue(groupKey, out var group))
        {
            if (remembered < options.MaxComparedFiles)
            {
                bySize.Add(groupKey, new SizeGroup(documentId, input.Key));
                remembered++;
            }
            return null;
        }
        if (group.ByHash is null)
        {
            group.ByHash = new Dictionary<string, Guid>(StringComparer.Ordinal);
            if (await Hash(group.FirstKey, cancellationToken) is { } firstHash)
                group.ByHash[firstHash] = group.FirstId;
        }
        if (await Hash(input.Key, cancellationToken) is not { } hash)
            return null;
        if (group.ByHash.TryGetValue(hash, out var first))
            return first;
        if (remembered < options.MaxComparedFiles)
        {
            group.ByHash[hash] = documentId;
            remembered++;
        }
        return null;
    }

    /// <summary>An ETag that is an MD5 of the content (32 hex digits, quoted or not), lower-cased; null for any other kind.</summary>
    public static string? ContentTag(string? eTag)
    {
        var tag = eTag?.Trim('"');
        return tag is { Length: 32 } && tag.All(char.IsAsciiHexDigit) ? tag.ToLowerInvariant() : null;
    }

    private async Task<string?> Hash(string key, CancellationToken cancellationToken)
    {
        try
        {
            return ObjectStoreExtensions.Sha256Hex(await store.ReadAllBytesAsync(bucket, key, cancellationToken));
        }
        catch (Exception e) when (e is ObjectNotFoundException or IOException or UnauthorizedAccessException)
        {
            return null; // Gone or unreadable since the listing: its inspection reports that.
        }
    }

    private sealed class SizeGroup(Guid firstId, string firstKey)
    {
        public Guid FirstId { get; } = firstId;
        public string FirstKey { get; } = firstKey;
        public Dictionary<string, Guid>? ByHash { get; set; }
    }
}
