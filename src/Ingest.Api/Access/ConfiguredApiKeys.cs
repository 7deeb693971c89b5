using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Fleet.Ingest.Api.Access;

/// <summary>
/// Keys from configuration (<c>Fleet:Api:Keys:N:Key</c> and <c>:Tenant</c>) and from <c>FLEET_API_KEY</c>
/// (comma-separated, tenant <see cref="DefaultTenant"/>). Only SHA-256 hashes are kept; a presented key is hashed and
/// compared with every known hash in constant time, so neither the key nor its position leaks through timing.
/// </summary>
public sealed class ConfiguredApiKeys : IApiKeys
{
    public const string DefaultTenant = "default";
    public const string EnvironmentVariable = "FLEET_API_KEY";

    private readonly (byte[] Hash, string Tenant)[] keys;

    public ConfiguredApiKeys(IConfiguration configuration)
    {
        var configured = configuration.GetSection("Fleet:Api:Keys").GetChildren()
            .Select(k => (Key: k["Key"], Tenant: k["Tenant"] ?? DefaultTenant));
        var fromEnvironment = (configuration[EnvironmentVariable] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(k => (Key: (string?)k, Tenant: DefaultTenant));
        keys = configured.Concat(fromEnvironment)
            .Where(k => !string.IsNullOrEmpty(k.Key))
            .Select(k => (Hash(k.Key!), k.Tenant))
            .ToArray();
    }

    public bool IsOpen => keys.Length == 0;

    public string? TenantOf(string presentedKey)
    {
        var presented = Hash(presentedKey);
        string? tenant = null;
        foreach (var (hash, owner) in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, presented))
                tenant ??= owner;
        }
        return tenant;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
