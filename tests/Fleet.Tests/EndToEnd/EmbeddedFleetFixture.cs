using Fleet.Cli;
using Fleet.Cli.Run;
using Fleet.Contracts;
using Fleet.Contracts.Results;
using Fleet.Infrastructure.Passwords;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Fleet.Tests.Support;

namespace Fleet.Tests.EndToEnd;

/// <summary>One embedded fleet (in-memory bus, both sagas, real PDFium and PP-OCRv4) shared by the end-to-end tests.</summary>
public abstract class EmbeddedFleetFixture : BatchFoldersFixture
{
    private IHost host = null!;


    [OneTimeSetUp]
    public async Task StartFleet()
    {
        host = EmbeddedFleet.Build(verbose: false, Configure);
        await host.StartAsync();
    }

    /// <summary>Lets a fixture change limits or swap services (e.g. a slow OCR engine) before the fleet starts.</summary>
    protected virtual void Configure(IServiceCollection services)
    {
    }

    [OneTimeTearDown]
    public async Task StopFleet()
    {
        await host.StopAsync();
        host.Dispose();
    }

    protected async Task<Manifest> RunBatch(ProcessingOptions options, IReadOnlyList<BatchPassword>? passwords = null)
    {
        var submission = BatchRunner.Submission(NewId.NextGuid(), Input, Output, options, recursive: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        return await host.Services.GetRequiredService<BatchRunner>().RunAsync(submission, timeout.Token, passwords);
    }

    protected IServiceProvider Services => host.Services;

    protected string OutputText(string name) => File.ReadAllText(Path.Combine(Output.FullName, name));

    protected DocumentResult OutputJson(string name) =>
        ResultJson.Deserialize<DocumentResult>(File.ReadAllBytes(Path.Combine(Output.FullName, name)));
}
