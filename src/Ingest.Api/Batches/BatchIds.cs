using System.Security.Cryptography;
using System.Text;

namespace Fleet.Ingest.Api.Batches;

/// <summary>
/// Batch ids: derived from the tenant and the client's idempotency key when there is one, so a retry names the same
/// batch and two tenants' keys never meet.
/// </summary>
public static class BatchIds
{
    public static Guid FromIdempotencyKey(string tenant, string idempotencyKey)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"fleet-batch/{tenant.Length}:{tenant}/{idempotencyKey}"), hash);
        return new Guid(hash[..16]);
    }

    public static Guid For(string tenant, string? idempotencyKey) =>
        idempotencyKey is null ? NewId.NextGuid() : FromIdempotencyKey(tenant, idempotencyKey);
}
