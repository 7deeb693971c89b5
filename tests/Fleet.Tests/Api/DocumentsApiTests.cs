using System.Net;
using System.Text.Json;
using Fleet.Infrastructure.Batches;
using Fleet.Ingest.Api.Batches;
using Fleet.Orchestrator;
using Fleet.Orchestrator.Batches;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Api;

/// <summary>
/// <c>GET /batches/{id}/documents</c> on a host of its own (the endpoint is mapped by whoever composes the API), over
/// the in-memory ledger and the batch saga answering status.
/// </summary>
public sealed class DocumentsApiTests
{
    private WebApplication server = null!;
    private HttpClient client = null!;
    private IBatchDocuments ledger = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddProblemDetails();
        builder.Services.AddOrchestratorOptions(builder.Configuration);
        builder.Services.AddMassTransit(bus =>
        {
            bus.AddSagaStateMachine<BatchStateMachine, BatchState>().InMemoryRepository();
            bus.UsingInMemory((context, transport) => transport.ConfigureEndpoints(context));
        });
        server = builder.Build();
        server.MapDocumentsApi();
        await server.StartAsync();
        client = new HttpClient { BaseAddress = new Uri(server.Urls.Single()) };
        ledger = server.Services.GetRequiredService<IBatchDocuments>();
    }

    [OneTimeTearDown]
    public async Task StopServer()
    {
        client.Dispose();
        await server.StopAsync();
        await server.DisposeAsync();
    }

    [Test]
    public async Task Documents_come_in_pages_with_a_next_token_until_the_last()
    {
        var batch = Guid.NewGuid();
        var listed = Enumerable.Range(0, 5).Select(i => new ListedDocument(Guid.NewGuid(), i, $"k{i}.pdf", $"k{i}")).ToList();
        await ledger.AddAsync(batch, listed);
        await ledger.StartNextAsync(batch, 1, DateTimeOffset.UtcNow);

        var keys = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            using var page = JsonDocument.Parse(await client.GetStringAsync($"/batches/{batch}/documents?limit=2" + (next is null ? "" : $"&next={next}")));
            var items = page.RootElement.GetProperty("items");
            keys.AddRange(items.EnumerateArray().Select(i => i.GetProperty("key").GetString()!));
            if (pages == 0)
            {
                var first = items[0];
                Assert.That(first.GetProperty("documentId").GetGuid(), Is.EqualTo(listed[0].DocumentId));
                Assert.That(first.GetProperty("status").GetString(), Is.EqualTo("active"));
                Assert.That(first.GetProperty("pages").ValueKind, Is.EqualTo(JsonValueKind.Null));
                Assert.That(items[1].GetProperty("status").GetString(), Is.EqualTo("waiting"));
            }
            next = page.RootElement.GetProperty("next").GetString();
            pages++;
        }
        while (next is not null);

        Assert.That(pages, Is.EqualTo(3));
        Assert.That(keys, Is.EqualTo(listed.Select(d => d.Key)));
    }

    [TestCase("not*a*token")]
    [TestCase("AAAA")]
    [TestCase("gAAAAAAAAAA")]
    public async Task A_token_that_no_page_gave_is_a_validation_problem(string token)
    {
        var response = await client.GetAsync($"/batches/{Guid.NewGuid()}/documents?next={token}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("next"));
    }

    [Test]
    public async Task An_unknown_batch_is_not_found()
    {
        var response = await client.GetAsync($"/batches/{Guid.NewGuid()}/documents");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
