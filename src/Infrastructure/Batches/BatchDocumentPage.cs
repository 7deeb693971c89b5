namespace Fleet.Infrastructure.Batches;

/// <summary>A page of a batch's documents; <paramref name="Next"/> continues after the last one, null on the last page.</summary>
public sealed record BatchDocumentPage(IReadOnlyList<BatchDocumentView> Items, BatchDocumentCursor? Next);
