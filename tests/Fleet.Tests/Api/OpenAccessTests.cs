using Fleet.Ingest.Api.Access;
using Microsoft.Extensions.Configuration;

namespace Fleet.Tests.Api;

public sealed class OpenAccessTests
{
    private static readonly IApiKeys None = new ConfiguredApiKeys(new ConfigurationBuilder().Build());
    private static readonly IApiKeys One = new ConfiguredApiKeys(new ConfigurationBuilder()
        .AddInMemoryCollection([KeyValuePair.Create<string, string?>(ConfiguredApiKeys.EnvironmentVariable, "k")]).Build());

    [TestCase("http://127.0.0.1:8080")]
    [TestCase("http://localhost:8080")]
    [TestCase("http://[::1]:8080")]
    [TestCase("http://127.0.0.1:0")]
    public void Without_keys_loopback_may_run_open(string url) => Assert.That(OpenAccess.Refusal(None, [url]), Is.Null);

    [TestCase("http://0.0.0.0:8080")]
    [TestCase("http://*:8080")]
    [TestCase("http://+:8080")]
    [TestCase("http://192.168.1.20:8080")]
    [TestCase("http://fleet.example.com:8080")]
    public void Without_keys_any_other_address_is_refused_naming_it(string url)
    {
        Assert.That(OpenAccess.Refusal(None, ["http://127.0.0.1:8080", url]), Does.Contain(url).And.Contain("FLEET_API_KEY"));
        Assert.That(OpenAccess.Refusal(One, [url]), Is.Null, "with a key any address is fine");
    }

    [TestCase("urls", "http://+:8080;http://127.0.0.1:9090", "http://+:8080", "http://127.0.0.1:9090")]
    [TestCase("http_ports", "8080", "http://*:8080")]
    [TestCase(null, null, "http://localhost:5000")]
    public void Where_kestrel_listens_is_read_as_it_reads_it(string? key, string? value, params string[] expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(key is null ? [] : [KeyValuePair.Create(key, value)]).Build();
        Assert.That(OpenAccess.ConfiguredUrls(configuration), Is.EqualTo(expected));
    }
}
