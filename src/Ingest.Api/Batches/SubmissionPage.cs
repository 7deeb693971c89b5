namespace Fleet.Ingest.Api.Batches;

/// <summary>A tenant's submissions, newest first; <paramref name="Next"/> continues after the last, null on the last page.</summary>
public sealed record SubmissionPage(IReadOnlyList<Submission> Items, long? Next);
