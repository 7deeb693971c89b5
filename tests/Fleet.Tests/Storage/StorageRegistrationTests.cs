using Fleet.Infrastructure.Storage;
using Fleet.Infrastructure.Storage.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fleet.Tests.Storage;

public sealed class StorageRegistrationTests
{
    [Test]
    public void Without_settings_buckets_are_local_folders()
    {
        using var provider = Provider([]);

        Assert.That(provider.GetRequiredService<IObjectStore>(), Is.TypeOf<LocalFolderObjectStore>());
    }

    [Test]
    public void Kind_S3_gives_the_S3_store()
    {
        using var provider = Provider(new()
        {
            ["Fleet:Storage:Kind"] = "S3",
            ["Fleet:Storage:S3:ServiceUrl"] = "http://127.0.0.1:4568",
            ["Fleet:Storage:S3:AccessKeyId"] = "S3RVER",
            ["Fleet:Storage:S3:SecretAccessKey"] = "S3RVER",
        });

        Assert.That(provider.GetRequiredService<IObjectStore>(), Is.TypeOf<S3ObjectStore>());
    }

    [Test]
    public void Bad_S3_settings_fail_at_start_up_with_one_line_each()
    {
        using var provider = Provider(new()
        {
            ["Fleet:Storage:Kind"] = "S3",
            ["Fleet:Storage:S3:ServiceUrl"] = "127.0.0.1:4568",
            ["Fleet:Storage:S3:AccessKeyId"] = "S3RVER",
            ["Fleet:Storage:S3:MaxAttempts"] = "0",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.That(failure!.Failures, Is.EqualTo(new[]
        {
            "Fleet:Storage:S3:ServiceUrl '127.0.0.1:4568' is not an absolute http:// or https:// URL",
            "Fleet:Storage:S3:SecretAccessKey is blank while its pair is set: set both, or neither to use the AWS SDK's credential chain",
            "Fleet:Storage:S3:MaxAttempts 0 is outside 1-20",
        }));
    }

    [Test]
    public void S3_settings_are_not_checked_for_local_storage()
    {
        using var provider = Provider(new() { ["Fleet:Storage:S3:ServiceUrl"] = "not a url" });

        Assert.That(provider.GetRequiredService<IOptions<StorageOptions>>().Value.Kind, Is.EqualTo(StorageKind.Local));
    }

    [Test]
    public void Blank_settings_come_from_the_AWS_environment_and_a_bad_endpoint_there_is_named()
    {
        var environment = new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL"] = "http://minio:9000",
            ["AWS_REGION"] = "eu-west-1",
            ["AWS_ACCESS_KEY_ID"] = "from-env",
            ["AWS_SECRET_ACCESS_KEY"] = "secret-from-env",
        };
        var configured = new S3StorageOptions { Region = "us-east-2" };

        var resolved = configured.WithEnvironment(name => environment.GetValueOrDefault(name));

        Assert.That((resolved.ServiceUrl, resolved.Region, resolved.AccessKeyId, resolved.SecretAccessKey),
            Is.EqualTo(("http://minio:9000", "us-east-2", "from-env", "secret-from-env")));
        environment["AWS_ENDPOINT_URL"] = "minio:9000";
        var result = new StorageOptionsValidation(name => environment.GetValueOrDefault(name))
            .Validate(null, new StorageOptions { Kind = StorageKind.S3, S3 = configured });
        Assert.That(result.Failures, Is.EqualTo(new[] { "AWS_ENDPOINT_URL 'minio:9000' is not an absolute http:// or https:// URL" }));
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddLogging()
            .AddObjectStore(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
