using System.Text.Json;
using Fleet.Infrastructure.Persistence.Sagas;
using Fleet.Orchestrator.Batches;
using Fleet.Orchestrator.Documents;

namespace Fleet.IntegrationTests.Persistence;

public sealed class SagaJsonTests
{
    public enum Colour { Red, Green }

    public sealed record Part(string Key, int Pages, DateTimeOffset At);

    public sealed class Sample
    {
        public Guid CorrelationId { get; set; }
        public string CurrentState { get; set; } = "";
        public DateTimeOffset StartedAt { get; set; }
        public Colour Colour { get; set; }
        public Part? Single { get; set; }
        public List<Part> Parts { get; set; } = [];
        public Dictionary<Guid, Part> ById { get; set; } = [];
        public SortedDictionary<int, string> ByIndex { get; set; } = [];
        public string? Missing { get; set; }
        public double Ratio { get; set; }
        public bool IsEmpty => Parts.Count == 0;
    }

    [Test]
    public void A_saga_with_records_lists_dictionaries_and_times_round_trips()
    {
        var at = new DateTimeOffset(2026, 12, 1, 10, 30, 15, 123, TimeSpan.FromHours(2));
        var sample = new Sample
        {
            CorrelationId = Guid.NewGuid(), CurrentState = "Counting", StartedAt = at, Colour = Colour.Green,
            Single = new Part("a.pdf", 3, at), Parts = [new("b.pdf", 1, at), new("c.pdf", 2, at.AddDays(1))],
            ById = { [Guid.NewGuid()] = new("d.pdf", 4, at) }, ByIndex = { [2] = "k2", [0] = "k0" }, Ratio = 0.25,
        };

        var json = JsonSerializer.Serialize(sample, SagaJson.Options);
        var back = JsonSerializer.Deserialize<Sample>(json, SagaJson.Options)!;

        Assert.Multiple(() =>
        {
            Assert.That(JsonSerializer.Serialize(back, SagaJson.Options), Is.EqualTo(json));
            Assert.That(back.StartedAt, Is.EqualTo(at));
            Assert.That(back.StartedAt.Offset, Is.EqualTo(at.Offset));
            Assert.That(back.Parts, Is.EqualTo(sample.Parts));
            Assert.That(back.ById, Is.EqualTo(sample.ById));
            Assert.That(back.ByIndex.Keys, Is.EqualTo(new[] { 0, 2 }));
            Assert.That(json, Does.Contain("\"colour\":\"Green\"").And.Not.Contain("isEmpty"));
        });
    }

    [Test]
    public void Fleets_own_saga_classes_round_trip()
    {
        // Whatever fields they hold today: a fresh instance must come back as the same JSON.
        foreach (var saga in new object[] { new BatchState { CorrelationId = Guid.NewGuid() }, new DocumentState { CorrelationId = Guid.NewGuid() } })
        {
            var json = JsonSerializer.Serialize(saga, saga.GetType(), SagaJson.Options);
            var back = JsonSerializer.Deserialize(json, saga.GetType(), SagaJson.Options);
            Assert.That(JsonSerializer.Serialize(back, saga.GetType(), SagaJson.Options), Is.EqualTo(json), saga.GetType().Name);
        }
    }
}
