using Fleet.Ingest.Api.Access;
using Microsoft.Extensions.Configuration;

namespace Fleet.Tests.Api;

public sealed class ConfiguredApiKeysTests
{
    private static ConfiguredApiKeys Keys(params (string Name, string Value)[] settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Name, s.Value))).Build());

    [Test]
    public void No_key_configured_means_open()
    {
        Assert.That(Keys().IsOpen, Is.True);
        Assert.That(Keys().TenantOf("anything"), Is.Null);
    }

    [Test]
    public void Configured_keys_name_their_tenant_and_environment_keys_belong_to_the_default_tenant()
    {
        var keys = Keys(("Fleet:Api:Keys:0:Key", "k-acme"), ("Fleet:Api:Keys:0:Tenant", "acme"), ("FLEET_API_KEY", "k1, k2"));

        Assert.That(keys.IsOpen, Is.False);
        Assert.That(keys.TenantOf("k-acme"), Is.EqualTo("acme"));
        Assert.That(keys.TenantOf("k2"), Is.EqualTo(ConfiguredApiKeys.DefaultTenant));
        Assert.That(keys.TenantOf("k-acm"), Is.Null);
        Assert.That(keys.TenantOf(""), Is.Null);
    }
}
