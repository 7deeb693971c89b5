using Fleet.Infrastructure.Hosting;
using Fleet.Ingest.Api;
using Fleet.Ingest.Api.BucketDrop;
using Microsoft.Extensions.Options;

namespace Fleet.Tests.BucketDrop;

/// <summary>What the bucket drop reads in a queue message, and the settings it refuses before it starts.</summary>
public sealed class S3NotificationTests
{
    [Test]
    public void An_s3_event_notification_gives_its_created_objects_with_their_keys_decoded()
    {
        const string body = """
            {"Records":[
              {"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectCreated:CompleteMultipartUpload",
               "s3":{"bucket":{"name":"fleet-in","arn":"arn:aws:s3:::fleet-in"},
                     "object":{"key":"drop/Q1+report%C3%A9+%282%29.pdf","size":1024,"eTag":"0123abcd","sequencer":"0055AED6DCD90281E5"}}},
              {"eventVersion":"2.1","eventSource":"aws:s3","eventName":"ObjectRemoved:Delete",
               "s3":{"bucket":{"name":"fleet-in"},"object":{"key":"drop/old.pdf","sequencer":"0055AED6DCD90281E6"}}}
            ]}
            """;

        var notification = S3Notification.Parse(body, out var error);

        Assert.That(error, Is.Null);
        Assert.That(notification!.Created, Is.EqualTo(new[] { new ObjectCreated("fleet-in", "drop/Q1 reporté (2).pdf", "0123abcd", 1024, "0055AED6DCD90281E5") }));
        Assert.That(notification.Ignored, Is.EqualTo(1));
        Assert.That(notification.IsTestEvent, Is.False);
    }

    [Test]
    public void The_test_event_and_an_sns_wrapped_notification_are_read_and_anything_else_is_refused_with_a_reason()
    {
        var test = S3Notification.Parse("""{"Service":"Amazon S3","Event":"s3:TestEvent","Bucket":"fleet-in"}""", out _);
        var wrapped = S3Notification.Parse("""
            {"Type":"Notification","MessageId":"m","Message":"{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"a.pdf\",\"eTag\":\"\\\"e1\\\"\"}}}]}"}
            """, out _);
        var garbage = S3Notification.Parse("hello", out var garbageError);
        var other = S3Notification.Parse("""{"detail":"nothing"}""", out var otherError);

        Assert.That(test!.IsTestEvent, Is.True);
        Assert.That(wrapped!.Created.Single(), Is.EqualTo(new ObjectCreated("b", "a.pdf", "e1", -1, null)));
        Assert.That(garbage, Is.Null);
        Assert.That(garbageError, Does.StartWith("not JSON"));
        Assert.That(other, Is.Null);
        Assert.That(otherError, Does.Contain("Records"));
    }

    [Test]
    public void The_same_object_announced_twice_is_one_event_and_new_content_under_the_key_is_another()
    {
        var first = new ObjectCreated("b", "a.pdf", "e1", 10, "01");
        var again = new ObjectCreated("b", "a.pdf", "e1", 10, "02");
        var changed = new ObjectCreated("b", "a.pdf", "e2", 11, "03");
        var rule = new BucketDropRule { Bucket = "b" };

        Assert.That(again.Identity, Is.EqualTo(first.Identity));
        Assert.That(changed.Identity, Is.Not.EqualTo(first.Identity));
        Assert.That(DropBatchSubmitter.BatchIdFor(rule, [first, changed]), Is.EqualTo(DropBatchSubmitter.BatchIdFor(rule, [changed, again, first])));
        Assert.That(DropBatchSubmitter.BatchIdFor(rule, [first]), Is.Not.EqualTo(DropBatchSubmitter.BatchIdFor(rule, [first, changed])));
    }

    [Test]
    public void Settings_a_rule_could_not_submit_are_refused_one_line_each_naming_the_setting()
    {
        var api = new IngestApiOptions();
        api.Tenants["acme"] = new TenantOptions { Buckets = [new BucketGrant { Name = "acme-in" }, new BucketGrant { Name = "acme-out" }] };
        var options = new BucketDropOptions
        {
            Sqs = { QueueUrl = "not a url", WaitTimeSeconds = 30 },
            Rules =
            [
                new BucketDropRule { Bucket = "other-in", OutputBucket = "acme-out", Tenant = "acme", Mode = "fast" },
                new BucketDropRule { Bucket = "in", Prefix = "../up", OutputBucket = "", MaxKeys = 20_000 },
            ],
        };

        var result = new BucketDropOptionsValidation(Options.Create(api)).Validate(null, options);

        Assert.That(result.Failed, Is.True);
        Assert.That(result.Failures, Has.Some.StartsWith("Fleet:BucketDrop:Sqs:QueueUrl"));
        Assert.That(result.Failures, Has.Some.StartsWith("Fleet:BucketDrop:Sqs:WaitTimeSeconds"));
        Assert.That(result.Failures, Has.Some.StartsWith("Fleet:BucketDrop:Rules:0:Mode"));
        Assert.That(result.Failures, Has.Some.Contains("Rules:0: tenant 'acme' may not read '' in bucket 'other-in'"));
        Assert.That(result.Failures, Has.Some.StartsWith("Fleet:BucketDrop:Rules:1:Prefix"));
        Assert.That(result.Failures, Has.Some.StartsWith("Fleet:BucketDrop:Rules:1:OutputBucket"));
        Assert.That(result.Failures, Has.Some.StartsWith("Fleet:BucketDrop:Rules:1:MaxKeys"));
        Assert.That(result.Failures.Count(), Is.EqualTo(7));
    }

    [Test]
    public void The_ingest_role_runs_only_where_it_is_named()
    {
        Assert.That(FleetRolesParser.TryParse(null, out var defaults, out _), Is.True);
        Assert.That(FleetRolesParser.TryParse("ingest", out var ingest, out _), Is.True);
        Assert.That(FleetRolesParser.TryParse("api,orchestrator,worker,ingest", out var everything, out _), Is.True);

        Assert.That(defaults.HasFlag(FleetRoles.Ingest), Is.False);
        Assert.That(ingest, Is.EqualTo(FleetRoles.Ingest));
        Assert.That(everything.Describe(), Is.EqualTo("api, orchestrator, worker, ingest"));
    }
}
