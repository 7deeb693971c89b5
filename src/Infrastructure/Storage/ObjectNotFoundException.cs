namespace Fleet.Infrastructure.Storage;

public sealed class ObjectNotFoundException(string bucket, string key)
    : Exception($"object '{key}' not found in bucket '{bucket}'");
