using Fleet.Contracts.Results;

namespace Fleet.Infrastructure.Batches;

/// <summary>
/// A batch's documents counted: by ledger status, and by outcome once finished. <paramref name="Pages"/> sums the
/// succeeded documents' pages, <paramref name="ProcessedPages"/> those of the succeeded documents not reused, and
/// <paramref name="Engines"/> lists every engine a finished document names, in ordinal order.
/// </summary>
public sealed record BatchDocumentTotals(
    int Documents, int Waiting, int Active, int Finished, int Succeeded, int Failed, int Reused,
    PageCounts Pages, int ProcessedPages, IReadOnlyList<string> Engines)
{
    public static readonly BatchDocumentTotals None = new(0, 0, 0, 0, 0, 0, 0, PageCounts.None, 0, []);
}
