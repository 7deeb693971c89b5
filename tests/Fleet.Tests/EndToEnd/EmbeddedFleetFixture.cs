using Fleet.Cli;
using Fleet.Cli.Run;
using Fleet.Contracts;
using Fleet.Contracts.Results;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Fleet.Tests.EndToEnd;

/// <summary>One embedded fleet (in-memory bus, both sagas, real PDFium and PP-OCRv4) shared by the end-to-end tests.</summary>
public abstract class EmbeddedFleetFixture
{
    private IHost host = null!;

    protected DirectoryInfo Input { get; private set; } = null!;
    protected DirectoryInfo Output { get; private set; } = null!;

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

    [SetUp]
    public void CreateFolders()
    {
        var root = Directory.CreateTempSubdirectory("fleet-e2e-");
        Input = root.CreateSubdirectory("in");
        Output = root.CreateSubdirectory("out");
    }

    [TearDown]
    public void RemoveFolders() => Input.Parent!.Delete(recursive: true);

    protected void AddInput(string name, byte[] content) => File.WriteAllBytes(Path.Combine(Input.FullName, name), content);

    protected async Task<Manifest> RunBatch(ProcessingOptions options)
    {
        var submission = BatchRunner.Submission(NewId.NextGuid(), Input, Output, options, recursive: true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        return await host.Services.GetRequiredService<BatchRunner>().RunAsync(submission, timeout.Token);
    }

    protected string OutputText(string name) => File.ReadAllText(Path.Combine(Output.FullName, name));

    protected DocumentResult OutputJson(string name) =>
        ResultJson.Deserialize<DocumentResult>(File.ReadAllBytes(Path.Combine(Output.FullName, name)));
}
