using System.Security.Cryptography;
using Fleet.Contracts.Results;

namespace Fleet.Infrastructure.Storage;

public static class ObjectStoreExtensions
{
    /// <summary>Writes an object and returns its key, sha256 and size, as recorded in manifests.</summary>
    public static async Task<OutputObject> WriteRecordedAsync(this IObjectStore store, string bucket, string key, byte[] content, string contentType, CancellationToken cancellationToken = default)
    {
        await store.WriteAsync(bucket, key, content, contentType, cancellationToken);
        return new OutputObject(key, Sha256Hex(content), content.LongLength);
    }

    public static async Task<T> ReadJsonAsync<T>(this IObjectStore store, string bucket, string key, CancellationToken cancellationToken = default) =>
        ResultJson.Deserialize<T>(await store.ReadAllBytesAsync(bucket, key, cancellationToken));

    public static string Sha256Hex(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
