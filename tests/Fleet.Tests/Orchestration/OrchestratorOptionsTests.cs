using Fleet.Orchestrator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fleet.Tests.Orchestration;

public sealed class OrchestratorOptionsTests
{
    [Test]
    public void The_document_deadline_defaults_to_30_minutes() =>
        Assert.That(Options(new Dictionary<string, string?>()).DocumentDeadline, Is.EqualTo(TimeSpan.FromMinutes(30)));

    [TestCase("00:00:00", "DocumentDeadline")]
    [TestCase("30.00:00:00", "DocumentDeadline")]
    public void A_deadline_out_of_range_fails_at_start(string deadline, string named)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new() { ["Fleet:Orchestrator:DocumentDeadline"] = deadline }));
        Assert.That(error!.Message, Does.Contain(named));
    }

    [Test]
    public void A_sweep_interval_longer_than_the_deadline_fails_at_start()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(new()
        {
            ["Fleet:Orchestrator:DocumentDeadline"] = "00:00:10",
            ["Fleet:Orchestrator:DeadlineSweepInterval"] = "00:01:00",
        }));
        Assert.That(error!.Message, Does.Contain("DeadlineSweepInterval").And.Contain("longer than DocumentDeadline"));
    }

    [Test]
    public void An_unknown_database_kind_is_refused_with_the_choices()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Fleet:Database:Kind"] = "Sqlite" }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddOrchestratorOptions(configuration));

        Assert.That(error!.Message, Is.EqualTo("Fleet:Database:Kind is 'Sqlite'; it is InMemory or Postgres."));
    }

    private static OrchestratorOptions Options(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddLogging().AddOrchestratorOptions(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<OrchestratorOptions>>().Value;
    }
}
