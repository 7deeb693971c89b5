using System.Net.Http.Json;
using Fleet.Cli.Serve;
using Microsoft.AspNetCore.Builder;
using Fleet.Tests.Support;

namespace Fleet.Tests.Api;

/// <summary>The real <c>fleet serve</c> host on a free 127.0.0.1 port, with a fresh input and output folder per test.</summary>
public abstract class FleetServerFixture : BatchFoldersFixture
{
    private WebApplication server = null!;

    protected HttpClient Client { get; private set; } = null!;

    /// <summary>Settings this fixture's server gets on top of the process's (keys, tenants, limits).</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    protected IServiceProvider Services => server.Services;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        server = ServeHost.Build("http://127.0.0.1:0", verbose: false, settings: Settings);
        await server.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(server.Urls.Single()), Timeout = TimeSpan.FromSeconds(60) };
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        Client.Dispose();
        await server.StopAsync();
        await server.DisposeAsync();
    }

    /// <summary>Polls the status URL until the batch is completed, rejected or failed.</summary>
    protected async Task<BatchStatusBody> WaitForEnd(Uri statusUrl)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var status = await Client.GetFromJsonAsync<BatchStatusBody>(statusUrl, timeout.Token);
            if (status!.State is "Completed" or "Cancelled" or "Rejected" or "Failed")
                return status;
            await Task.Delay(100, timeout.Token);
        }
    }

    protected sealed record BatchAcceptedBody(Guid BatchId, string StatusUrl);

    protected sealed record BatchStatusBody(Guid BatchId, string State, int Documents, int Finished, int Failed, string? ManifestUrl, string? Reason);
}
