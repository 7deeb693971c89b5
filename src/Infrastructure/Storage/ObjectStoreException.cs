namespace Fleet.Infrastructure.Storage;

/// <summary>The store refused or failed a request (no such bucket, access denied, still failing after retries), with the reason.</summary>
public sealed class ObjectStoreException(string message, Exception? innerException = null) : Exception(message, innerException);
