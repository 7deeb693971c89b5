namespace Fleet.Orchestrator.Documents;

/// <summary>Splits a document's pages into chunks of at most <c>chunkPages</c> pages (1-based page numbers).</summary>
public static class PageChunkPlan
{
    public static IReadOnlyList<PageChunk> For(int pageCount, int chunkPages)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pageCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkPages, 1);
        return Enumerable.Range(0, (pageCount + chunkPages - 1) / chunkPages)
            .Select(index => new PageChunk(index, index * chunkPages + 1, Math.Min(chunkPages, pageCount - index * chunkPages)))
            .ToList();
    }
}

public sealed record PageChunk(int Index, int FirstPage, int PageCount)
{
    public int LastPage => FirstPage + PageCount - 1;
}
