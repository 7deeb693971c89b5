using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Fleet.Infrastructure.Hosting;

/// <summary>
/// Runs the settings validation a host would run when starting (every option marked ValidateOnStart), before it
/// starts: a bad setting then ends the command with one line naming it and exit code 2, not a host start-up trace.
/// </summary>
public static class StartupCheck
{
    public const int InvalidConfiguration = 2;

    public static bool Passes(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return true;
        }
        catch (Exception e) when (e is OptionsValidationException or AggregateException)
        {
            var failures = (e is AggregateException all ? all.InnerExceptions : [e])
                .SelectMany(i => i is OptionsValidationException options ? options.Failures : [i.Message]);
            foreach (var failure in failures)
                Console.Error.WriteLine($"error: invalid configuration: {failure}");
            return false;
        }
    }
}
