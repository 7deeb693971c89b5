using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Fleet.Contracts.Results;

namespace Fleet.Infrastructure.Batches;

/// <summary>
/// The ledger of the embedded fleet: every batch's documents in this process's memory, for as long as it runs.
/// One lock per batch; a singleton, shared by the sagas, the listing, the manifest writer and the API.
/// </summary>
public sealed class InMemoryBatchDocuments : IBatchDocuments
{
    private readonly ConcurrentDictionary<Guid, Ledger> batches = new();

    public Task AddAsync(Guid batchId, IReadOnlyList<ListedDocument> documents, CancellationToken cancellationToken = default)
    {
        var ledger = For(batchId);
        lock (ledger.Gate)
        {
            foreach (var document in documents)
            {
                if (ledger.ById.ContainsKey(document.DocumentId) || ledger.BySequence.ContainsKey(document.Sequence))
                    continue;
                var row = new Row(document);
                if (document.Refusal is null)
                    ledger.Waiting.Add(document.Sequence, row);
                else
                    (row.Status, row.Entry, row.State) = (Row.Finished, document.RefusalEntry(), "Refused");
                ledger.ById.Add(document.DocumentId, row);
                ledger.BySequence.Add(document.Sequence, row);
                ledger.OutputOwners.TryAdd(document.OutputKeyBase, document.DocumentId);
            }
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, Guid>> OutputKeyBaseOwnersAsync(Guid batchId, IReadOnlyCollection<string> outputKeyBases,
        CancellationToken cancellationToken = default)
    {
        var ledger = For(batchId);
        var owners = new Dictionary<string, Guid>(StringComparer.Ordinal);
        lock (ledger.Gate)
        {
            foreach (var outputKeyBase in outputKeyBases)
            {
                if (ledger.OutputOwners.TryGetValue(outputKeyBase, out var owner))
                    owners[outputKeyBase] = owner;
            }
        }
        return Task.FromResult<IReadOnlyDictionary<string, Guid>>(owners);
    }

    public Task<IReadOnlyList<ListedDocument>> StartNextAsync(Guid batchId, int max, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var ledger = For(batchId);
        var started = new List<ListedDocument>();
        lock (ledger.Gate)
        {
            foreach (var row in ledger.Waiting.Values)
            {
                if (started.Count >= max)
                    break;
                if (row.Listed.SameContentAs is { } first && ledger.ById.GetValueOrDefault(first)?.Status != Row.Finished)
                    continue;
                started.Add(row.Listed);
            }
            foreach (var document in started)
            {
                var row = ledger.ById[document.DocumentId];
                ledger.Waiting.Remove(document.Sequence);
                (row.Status, row.State, row.ProgressAt) = (Row.Active, "Dispatched", now);
                ledger.Active[document.DocumentId] = row;
            }
        }
        return Task.FromResult<IReadOnlyList<ListedDocument>>(started);
    }

    public Task RecordProgressAsync(Guid batchId, Guid documentId, string state, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var ledger = For(batchId);
        lock (ledger.Gate)
        {
            if (ledger.Active.TryGetValue(documentId, out var row))
                (row.State, row.ProgressAt) = (state, now);
        }
        return Task.CompletedTask;
    }

    public Task<bool> FinishAsync(Guid batchId, Guid documentId, ManifestDocument entry, CancellationToken cancellationToken = default)
    {
        var ledger = For(batchId);
        lock (ledger.Gate)
        {
            if (!ledger.Active.Remove(documentId, out var row))
                return Task.FromResult(false);
            (row.Status, row.Entry, row.State) = (Row.Finished, entry, "Finished");
            return Task.FromResult(true);
        }
    }

    public Task<int> CancelWaitingAsync(Guid batchId, CancellationToken cancellationToken = default)
    {
        var ledger = For(batchId);
        lock (ledger.Gate)
        {
            var cancelled = ledger.Waiting.Values.ToList();
            foreach (var row in cancelled)
                (row.Status, row.Entry, row.State) = (Row.Finished, row.Listed.CancelledEntry(), "Cancelled");
            ledger.Waiting.Clear();
            return Task.FromResult(cancelled.Count);
        }
    }

    public Task<ManifestDocument?> EntryAsync(Guid batchId, Guid documentId, CancellationToken cancellationToken = default)
    {
        if (!batches.TryGetValue(batchId, out var ledger))
            return Task.FromResult<ManifestDocument?>(null);
        lock (ledger.Gate)
            return Task.FromResult(ledger.ById.GetValueOrDefault(documentId)?.Entry);
    }

    public Task<BatchDocumentTotals> TotalsAsync(Guid batchId, CancellationToken cancellationToken = default)
    {
        if (!batches.TryGetValue(batchId, out var ledger))
            return Task.FromResult(BatchDocumentTotals.None);
        lock (ledger.Gate)
        {
            var finished = ledger.BySequence.Values.Where(r => r.Entry is not null).Select(r => r.Entry!).ToList();
            var succeeded = finished.Where(e => e.Status == DocumentStatus.Succeeded).ToList();
            return Task.FromResult(new BatchDocumentTotals(
                ledger.BySequence.Count,
                ledger.Waiting.Count,
                ledger.Active.Count,
                finished.Count,
                succeeded.Count,
                finished.Count(e => e.Status == DocumentStatus.Failed),
                succeeded.Count(e => e.Reused),
                succeeded.Aggregate(PageCounts.None, (sum, e) => sum.Add(e.Pages)),
                succeeded.Where(e => !e.Reused).Sum(e => e.Pages.Total),
                finished.SelectMany(e => e.Engines).Distinct().Order(StringComparer.Ordinal).ToList()));
        }
    }

    public async IAsyncEnumerable<ManifestDocument> FinishedEntriesAsync(Guid batchId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!batches.TryGetValue(batchId, out var ledger))
            yield break;
        List<ManifestDocument> entries;
        lock (ledger.Gate)
            entries = ledger.BySequence.Values.Where(r => r.Entry is not null).Select(r => r.Entry!).OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }
        await Task.CompletedTask;
    }

    public Task<BatchDocumentPage> PageAsync(Guid batchId, BatchDocumentCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (!batches.TryGetValue(batchId, out var ledger))
            return Task.FromResult(new BatchDocumentPage([], null));
        lock (ledger.Gate)
        {
            var sequences = ledger.BySequence.Keys;
            var start = FirstIndexAfter(sequences, after?.AfterSequence ?? -1);
            var rows = ledger.BySequence.Values;
            var items = new List<BatchDocumentView>(Math.Min(limit, rows.Count - start));
            for (var i = start; i < rows.Count && items.Count < limit; i++)
                items.Add(rows[i].View());
            var more = start + items.Count < rows.Count;
            return Task.FromResult(new BatchDocumentPage(items, more ? new BatchDocumentCursor(sequences[start + items.Count - 1]) : null));
        }
    }

    public Task<IReadOnlyList<StalledDocument>> ClaimStalledAsync(DateTimeOffset progressBefore, DateTimeOffset now, int max,
        CancellationToken cancellationToken = default)
    {
        var stalled = new List<StalledDocument>();
        foreach (var (batchId, ledger) in batches)
        {
            lock (ledger.Gate)
            {
                foreach (var row in ledger.Active.Values.Where(r => r.ProgressAt < progressBefore).Take(max - stalled.Count))
                {
                    stalled.Add(new StalledDocument(batchId, row.Listed.DocumentId, row.Listed.Key, row.State, row.ProgressAt));
                    row.ProgressAt = now;
                }
            }
            if (stalled.Count >= max)
                break;
        }
        return Task.FromResult<IReadOnlyList<StalledDocument>>(stalled);
    }

    private Ledger For(Guid batchId) => batches.GetOrAdd(batchId, _ => new Ledger());

    private static int FirstIndexAfter(IList<long> sorted, long after)
    {
        var (low, high) = (0, sorted.Count);
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (sorted[middle] <= after)
                low = middle + 1;
            else
                high = middle;
        }
        return low;
    }

    private sealed class Ledger
    {
        public readonly Lock Gate = new();
        public readonly Dictionary<Guid, Row> ById = [];
        public readonly SortedList<long, Row> BySequence = [];
        public readonly SortedDictionary<long, Row> Waiting = [];
        public readonly Dictionary<Guid, Row> Active = [];
        public readonly Dictionary<string, Guid> OutputOwners = new(StringComparer.Ordinal);
    }

    private sealed class Row(ListedDocument listed)
    {
        public const string Waiting = "waiting", Active = "active", Finished = "finished";

        public ListedDocument Listed { get; } = listed;
        public string Status { get; set; } = Waiting;
        public string State { get; set; } = "Listed";
        public DateTimeOffset ProgressAt { get; set; }
        public ManifestDocument? Entry { get; set; }

        public BatchDocumentView View() => Entry is { } entry
            ? new BatchDocumentView(Listed.DocumentId, Listed.Key, entry.Status, entry.Pages.Total, entry.Reason, entry.Pages)
            : new BatchDocumentView(Listed.DocumentId, Listed.Key, Status == Active ? BatchDocumentStatus.Active : BatchDocumentStatus.Waiting, null, null);
    }
}
