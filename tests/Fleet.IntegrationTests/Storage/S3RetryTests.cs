using System.Text;
using Fleet.Infrastructure.Storage;

namespace Fleet.IntegrationTests.Storage;

/// <summary>Throttling and transient faults (injected, see <see cref="FaultInjection"/>) in front of a real S3 server.</summary>
public sealed class S3RetryTests
{
    private string bucket = null!;

    [OneTimeSetUp]
    public async Task CreateBucket() => bucket = await S3Server.CreateBucket("retry");

    [OneTimeTearDown]
    public Task RemoveBucket() => S3Server.DeleteBucket(bucket);

    [Test]
    public async Task Throttled_requests_are_retried_with_back_off_until_they_succeed()
    {
        var faults = new FaultInjection(3, FaultInjection.SlowDown);
        var store = S3Server.Store(S3Server.Options(maxAttempts: 5), faults);
        var content = Encoding.UTF8.GetBytes("written through three 503 SlowDown answers");

        await store.WriteAsync(bucket, "throttled.txt", content, "text/plain");

        Assert.That(faults.Requests, Is.EqualTo(4), "three throttled tries and the one that went through");
        Assert.That(await store.ReadAllBytesAsync(bucket, "throttled.txt"), Is.EqualTo(content));
    }

    [Test]
    public async Task Broken_connections_are_retried_too()
    {
        var faults = new FaultInjection(2, FaultInjection.ConnectionReset);
        var store = S3Server.Store(S3Server.Options(maxAttempts: 5), faults);
        await S3Server.Store(S3Server.Options()).WriteAsync(bucket, "reset.txt", "ok"u8.ToArray(), "text/plain");

        Assert.That(Encoding.UTF8.GetString(await store.ReadAllBytesAsync(bucket, "reset.txt")), Is.EqualTo("ok"));
        Assert.That(faults.Requests, Is.EqualTo(3));
    }

    [Test]
    public void A_store_that_keeps_throttling_is_given_up_on_after_the_bound_with_the_S3_error()
    {
        var faults = new FaultInjection(int.MaxValue, FaultInjection.SlowDown);
        var store = S3Server.Store(S3Server.Options(maxAttempts: 4), faults);

        Assert.That(() => store.ReadAllBytesAsync(bucket, "never.txt"), Throws.TypeOf<ObjectStoreException>().With.Message.EqualTo(
            $"S3 GET of 'never.txt' in bucket '{bucket}' failed after 4 tries: 503 SlowDown: Please reduce your request rate."));
        // Exactly the bound: the SDK's own retries are off, so they do not multiply with the store's.
        Assert.That(faults.Requests, Is.EqualTo(4));
    }

    [Test]
    public void A_client_error_is_not_retried()
    {
        var faults = new FaultInjection(0, FaultInjection.SlowDown);
        var store = S3Server.Store(S3Server.Options(maxAttempts: 5), faults);

        Assert.ThrowsAsync<ObjectNotFoundException>(() => store.ReadAllBytesAsync(bucket, "absent.txt"));
        Assert.That(faults.Requests, Is.EqualTo(1));
    }

    [Test]
    public async Task A_412_answer_to_an_etag_match_is_a_changed_object()
    {
        // Real S3 answers If-Match on a replaced object with 412; s3rver ignores If-Match, so the answer is injected.
        await S3Server.Store(S3Server.Options()).WriteAsync(bucket, "replaced.pdf", "%PDF-"u8.ToArray(), "application/pdf");
        var faults = new FaultInjection(1, FaultInjection.PreconditionFailed);
        var store = S3Server.Store(S3Server.Options(maxAttempts: 5), faults);

        Assert.That(() => store.OpenReadAsync(bucket, "replaced.pdf", "\"0123456789abcdef\""),
            Throws.TypeOf<ObjectChangedException>().With.Message.StartWith("input 'replaced.pdf' was replaced since it was inspected"));
        Assert.That(faults.Requests, Is.EqualTo(1), "a precondition failure is final");
    }
}
