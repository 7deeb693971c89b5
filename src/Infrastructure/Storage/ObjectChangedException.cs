namespace Fleet.Infrastructure.Storage;

/// <summary>An object read with an ETag to match was replaced meanwhile: reading it again would not give the inspected bytes.</summary>
public sealed class ObjectChangedException(string bucket, string key, string expectedETag)
    : Exception($"input '{key}' was replaced since it was inspected (bucket '{bucket}', ETag {expectedETag} no longer matches)")
{
    public string Bucket { get; } = bucket;

    public string Key { get; } = key;
}
