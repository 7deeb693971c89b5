using Fleet.Infrastructure.Storage;

namespace Fleet.Orchestrator.Batches;

/// <summary>
/// Finds inputs whose bytes repeat an earlier input's, across the listing's pages. A file is read and hashed only once
/// a second file of its size appears (up to <see cref="OrchestratorOptions.MaxHashBytes"/>), so a batch without
/// same-sized files costs nothing more than its listing. Memory is bounded: it remembers one file per distinct size
/// plus one per file hashed, at most <see cref="OrchestratorOptions.MaxComparedFiles"/>; past that, files of sizes not
/// seen yet are not compared.
/// </summary>
public sealed class SameContentFinder(IObjectStore store, string bucket, OrchestratorOptions options)
{
    private readonly Dictionary<long, SizeGroup> bySize = [];
    private int remembered;

    /// <summary>The earlier document with the same bytes as this one, if any.</summary>
    public async Task<Guid?> FirstWithSameContent(Guid documentId, StoredObject input, CancellationToken cancellationToken)
    {
        if (input.Size <= 0 || input.Size > options.MaxHashBytes)
            return null;
        if (!bySize.TryGetValue(input.Size, out var group))
        {
            if (remembered < options.MaxComparedFiles)
            {
                bySize.Add(input.Size, new SizeGroup(documentId, input.Key));
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
