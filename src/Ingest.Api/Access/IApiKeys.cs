namespace Fleet.Ingest.Api.Access;

/// <summary>
/// The API keys this process accepts, each belonging to a tenant. The batch API's authentication and the dashboard's
/// login both ask here, so a key means the same everywhere.
/// </summary>
public interface IApiKeys
{
    /// <summary>True when no key is configured: the API runs open (allowed on loopback only).</summary>
    bool IsOpen { get; }

    /// <summary>The tenant the presented key belongs to, or null when it is not a key of this process.</summary>
    string? TenantOf(string presentedKey);
}
