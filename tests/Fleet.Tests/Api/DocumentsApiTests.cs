using System.Net;
using System.Text.Json;
using Fleet.Infrastructure.Batches;
using Fleet.Ingest.Api.Batches;
using Fleet.Cli.Serve;
using Fleet.Contracts;
using Fleet.Contracts.Batches;
using Fleet.Ingest.Api.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Tests.Api;

/// <summary>
/// <c>GET /batches/{id}/documents</c> over the in-memory ledger, filled by the test: the real <c>fleet serve</c> host
/// (open on loopback), with the batch recorded as the default tenant's submission and no saga started for it.
/// </summary>
public sealed class DocumentsApiTests
{
    private WebApplication server = null!;
    private HttpClient client = null!;
    private IBatchDocuments ledger = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        server = ServeHost.Build("http://127.0.0.1:0", verbose: false);
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

    private async Task<Guid> Batch()
    {
        var batch = Guid.NewGuid();
        var command = new SubmitBatch(batch, "in", "", null, "out", "", new ProcessingOptions());
        await server.Services.GetRequiredService<ISubmissions>().ClaimAsync(
            new Submission(command, ConfiguredApiKeys.DefaultTenant, null, null, DateTimeOffset.UtcNow), CancellationToken.None);
        return batch;
    }

    [Test]
    public async Task Documents_come_in_pages_with_a_next_token_until_the_last()
    {
        var batch = await Batch();
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
