using System.Security.Claims;

namespace Fleet.Ingest.Api.Access;

public static class TenantClaims
{
    public const string Type = "fleet:tenant";

    /// <summary>The tenant of an authenticated request (every batch route requires one).</summary>
    public static string Tenant(this ClaimsPrincipal user) =>
        user.FindFirstValue(Type) ?? throw new InvalidOperationException("The request has no tenant: the route is missing RequireAuthorization.");
}
