using Fleet.Infrastructure.Storage.S3;

namespace Fleet.Infrastructure.Storage;

/// <summary>Where buckets live: <c>Fleet:Storage:Kind</c> Local (folders, the default) or S3 (<c>Fleet:Storage:S3:*</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Fleet:Storage";

    public StorageKind Kind { get; set; } = StorageKind.Local;

    public S3StorageOptions S3 { get; set; } = new();
}
