using Amazon.S3;
using Fleet.Infrastructure.Storage.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Infrastructure.Storage;

public static class StorageRegistration
{
    /// <summary>
    /// The object store <c>Fleet:Storage:Kind</c> names: local folders (the default) or S3 with
    /// <c>Fleet:Storage:S3:*</c> (blanks from the AWS environment). Settings are checked at start-up.
    /// </summary>
    public static IServiceCollection AddObjectStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidation>());
        services.TryAddSingleton<IAmazonS3>(sp =>
            S3ClientBuilder.Build(sp.GetRequiredService<IOptions<StorageOptions>>().Value.S3.WithEnvironment(Environment.GetEnvironmentVariable)));
        services.TryAddSingleton<IObjectStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return options.Kind switch
            {
                StorageKind.S3 => new S3ObjectStore(sp.GetRequiredService<IAmazonS3>(), options.S3, sp.GetRequiredService<ILogger<S3ObjectStore>>()),
                _ => new LocalFolderObjectStore(),
            };
        });
        return services;
    }
}
