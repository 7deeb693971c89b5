using System.Security.Cryptography;
using System.Text;

namespace Fleet.Ingest.Api.Batches;

/// <summary>Batch ids: derived from the client's idempotency key when there is one, so a retry names the same batch.</summary>
public static class BatchIds
{
    public static Guid FromIdempotencyKey(string idempotencyKey)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"fleet-batch/{idempotencyKey}"), hash);
        return new Guid(hash[..16]);
    }

    public static Guid For(string? idempotencyKey) =>
        idempotencyKey is null ? NewId.NextGuid() : FromIdempotencyKey(idempotencyKey);
}
