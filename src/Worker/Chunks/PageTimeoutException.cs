namespace Fleet.Worker.Chunks;

/// <summary>A page used more than its wall-clock budget; its document fails with this message and is not retried.</summary>
public sealed class PageTimeoutException(int pageNumber, TimeSpan limit)
    : Exception($"timed out after {limit.TotalSeconds:0.###} s on page {pageNumber}")
{
    public int PageNumber { get; } = pageNumber;
}
