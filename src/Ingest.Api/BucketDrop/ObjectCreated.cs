namespace Fleet.Ingest.Api.BucketDrop;

/// <summary>One new object S3 announced: where it is, its ETag and S3's sequencer for the event.</summary>
public sealed record ObjectCreated(string Bucket, string Key, string? ETag, long Size, string? Sequencer)
{
    /// <summary>
    /// What makes two announcements the same: the object's bucket, key and content (ETag). A notification delivered
    /// twice, or the same bytes uploaded again, is one event; a changed file under the same key is a new one.
    /// </summary>
    public string Identity => $"{Bucket}/{Key}@{ETag ?? Sequencer ?? ""}";
}
