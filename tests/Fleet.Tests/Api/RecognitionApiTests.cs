using System.Net;
using System.Text.Json;
using Fleet.Tests.Support;

namespace Fleet.Tests.Api;

/// <summary>
/// <c>POST /recognize</c> on the real <c>fleet serve</c> host: a small document read now and answered. (Across processes
/// on RabbitMQ, and the 503 when no worker answers: RecognitionFleetTests in the integration tests.)
/// </summary>
public sealed class RecognitionApiTests : FleetServerFixture
{
    private string uploads = null!;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fleet:Api:UploadBucket"] = uploads = Path.Combine(Path.GetTempPath(), $"fleet-recognize-{Guid.NewGuid():N}"),
        ["Fleet:Api:Limits:MaxRecognizePages"] = "2",
    };

    [Test]
    public async Task A_scanned_page_is_answered_with_its_words_boxes_and_confidences_and_nothing_is_kept()
    {
        using var answer = await Recognize(TestPdfs.Scanned(200, ["Recognition answers while you wait."]), "scan.pdf");

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), await answer.Content.ReadAsStringAsync());
        var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.That(body.GetProperty("pageCount").GetInt32(), Is.EqualTo(1));
        var page = body.GetProperty("pages")[0];
        Assert.That(page.GetProperty("source").GetString(), Is.EqualTo("ocr"));
        var words = page.GetProperty("lines").EnumerateArray().SelectMany(l => l.GetProperty("words").EnumerateArray()).ToList();
        Assert.That(words.Select(w => w.GetProperty("text").GetString()), Is.SupersetOf(new[] { "Recognition", "answers", "while", "wait." }));
        Assert.That(words.All(w => w.GetProperty("box").GetArrayLength() == 4 && w.GetProperty("confidence").GetDouble() > 0.5), Is.True);
        Assert.That(body.GetProperty("workerMs").GetDouble(), Is.GreaterThan(0));
        Assert.That(Directory.Exists(uploads) ? Directory.EnumerateFiles(uploads, "*", SearchOption.AllDirectories) : [], Is.Empty,
            "the upload is removed once answered");
    }

    [Test]
    public async Task A_born_digital_page_is_read_from_its_text_layer()
    {
        using var answer = await Recognize(TestPdfs.BornDigital(["A text layer needs no OCR."]), "letter.pdf");

        var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("pages")[0].GetProperty("source").GetString(), Is.EqualTo("text-layer"));
        Assert.That(body.GetProperty("pages")[0].GetProperty("lines")[0].GetProperty("text").GetString(), Is.EqualTo("A text layer needs no OCR."));
    }

    [Test]
    public async Task A_document_over_the_page_limit_or_damaged_is_unreadable_with_the_reason()
    {
        using var tooLong = await Recognize(TestPdfs.BornDigital(["one"], ["two"], ["three"]), "long.pdf");
        using var damaged = await Recognize(TestPdfs.Truncated(), "broken.pdf");

        Assert.That(tooLong.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var tooLongProblem = JsonDocument.Parse(await tooLong.Content.ReadAsStringAsync()).RootElement;
        Assert.That(tooLongProblem.GetProperty("type").GetString(), Is.EqualTo("urn:fleet:problem:unreadable-document"));
        Assert.That(tooLongProblem.GetProperty("detail").GetString(), Does.StartWith("3 pages, over the limit of 2 for /recognize"));
        Assert.That(damaged.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(JsonDocument.Parse(await damaged.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(), Does.StartWith("damaged PDF"));
    }

    [Test]
    public async Task A_request_without_a_file_or_with_a_bad_mode_is_a_validation_problem()
    {
        using var noFile = await Client.PostAsync("/recognize", new MultipartFormDataContent { { new StringContent("hello"), "note" } });
        using var badMode = await Recognize(TestPdfs.BornDigital(["x"]), "x.pdf", "?mode=fast");

        Assert.That(noFile.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(badMode.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await badMode.Content.ReadAsStringAsync(), Does.Contain("The mode is one of auto, text or ocr."));
    }

    private async Task<HttpResponseMessage> Recognize(byte[] pdf, string name, string query = "")
    {
        using var form = Form(pdf, name);
        return await Client.PostAsync("/recognize" + query, form);
    }

    private static MultipartFormDataContent Form(byte[] pdf, string name) =>
        new() { { new ByteArrayContent(pdf), "file", name } };
}
