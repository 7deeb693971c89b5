using System.Net;
using System.Text.Json;
using Fleet.IntegrationTests.Fleet;
using Fleet.Tests.Support;

namespace Fleet.IntegrationTests.Api;

/// <summary>
/// <c>POST /recognize</c> in a fleet: the api process uploads to S3 and asks on RabbitMQ, a separate worker process
/// answers on the recognition queue; with the workers gone the api answers 503 with <c>Retry-After</c> once its
/// timeout passes. Uploads go to the api's default bucket, fleet-uploads, which <c>./fleet services up</c> makes.
/// </summary>
public sealed class RecognitionFleetTests : FleetCluster
{
    public RecognitionFleetTests()
    {
        Settings["Fleet__Api__Limits__RecognizeTimeout"] = "00:00:05";
        Settings["Fleet__Api__Limits__RecognizeRetryAfter"] = "00:00:07";
    }

    protected override int Workers => 1;

    [Test]
    public async Task A_worker_process_answers_and_without_workers_the_api_says_503_with_retry_after()
    {
        var scan = TestPdfs.Scanned(200, ["Fleet workers answer over RabbitMQ."]);

        using var answered = await Recognize(scan);
        var body = JsonDocument.Parse(await answered.Content.ReadAsStringAsync()).RootElement;
        Assert.That(answered.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        var text = string.Join(' ', body.GetProperty("pages")[0].GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("text").GetString()));
        Assert.That(text, Does.Contain("workers answer over RabbitMQ"));

        foreach (var worker in Running("worker"))
            await worker.TerminateAsync(TimeSpan.FromSeconds(30));
        using var unanswered = await Recognize(scan);

        Assert.That(unanswered.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), await unanswered.Content.ReadAsStringAsync());
        Assert.That(unanswered.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That(JsonDocument.Parse(await unanswered.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString(),
            Is.EqualTo("urn:fleet:problem:unavailable"));
    }

    private async Task<HttpResponseMessage> Recognize(byte[] pdf)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(pdf), "file", "scan.pdf" } };
        return await Api.PostAsync("/recognize", form);
    }
}
