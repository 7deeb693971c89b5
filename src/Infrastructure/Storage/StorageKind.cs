namespace Fleet.Infrastructure.Storage;

public enum StorageKind
{
    /// <summary>Buckets are local folders (the embedded default).</summary>
    Local,

    /// <summary>Buckets are S3 buckets, on AWS or any S3-compatible endpoint.</summary>
    S3,
}
