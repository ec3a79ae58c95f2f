using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContainerPatterns.Examples.QueueWorker;

/// <summary>
/// The worker loop: polls for one message at a time, processes it, deletes it on success and leaves it on failure
/// (SQS delivers it again after the visibility timeout, and moves it to the dead-letter queue after the queue's
/// maximum receive count). Scale-in protection is per message: it is turned on before each receive, so a message
/// arrives in a protected task, renewed while a long message is in hand, and turned off as soon as the message is
/// deleted (or left for redrive) and after every empty poll, so between two messages, even under a steady backlog,
/// the task is replaceable and deployments and scale-in can stop it. An idle task polls briefly
/// (<see cref="SqsMessageQueue"/> waits 1 second) and then rests unprotected for <see cref="IdlePause"/>, so it is
/// unprotected most of the time it has nothing to do and still makes one request about every 20 seconds, as a
/// 20-second long poll would. On SIGTERM the host signals ApplicationStopping (and then cancels
/// <c>stoppingToken</c>): from that moment the worker takes no new message, a poll or a rest stops at once, and a
/// message in hand is finished and deleted first (within the host's shutdown timeout, which the task's stop timeout
/// bounds).
/// </summary>
/// <param name="queue">The queue.</param>
/// <param name="handler">What to do with a message.</param>
/// <param name="protection">The task's scale-in protection.</param>
/// <param name="clock">The clock (the idle rest and the renewal of protection while a message is in hand run on it).</param>
/// <param name="logger">The log.</param>
/// <param name="lifetime">The host's lifetime, whose ApplicationStopping fires as soon as SIGTERM arrives; null outside a host.</param>
public sealed partial class QueueWorker(IMessageQueue queue, IMessageHandler handler, ITaskProtection protection, TimeProvider clock, ILogger<QueueWorker> logger, IHostApplicationLifetime? lifetime = null)
    : BackgroundService
{
    /// <summary>How long an idle task rests, unprotected, after a poll that found nothing.</summary>
    public static readonly TimeSpan IdlePause = TimeSpan.FromSeconds(19);

    /// <summary>
    /// How often protection is renewed while one message is in hand: at half its lifetime, so a message that takes
    /// longer than <see cref="EcsTaskProtection.ExpiresInMinutes"/> is never held unprotected.
    /// </summary>
    public static readonly TimeSpan ProtectionRenewal = TimeSpan.FromMinutes(EcsTaskProtection.ExpiresInMinutes / 2.0);

    // How long to wait after a failed receive before polling again.
    private static readonly TimeSpan ReceiveRetryDelay = TimeSpan.FromSeconds(5);

    private bool _protected;

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The host cancels stoppingToken only when it reaches this service during shutdown; ApplicationStopping fires at once.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime?.ApplicationStopping ?? CancellationToken.None);
        await RunAsync(stopping.Token);
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // Protected before the receive: a message never reaches this task while it is unprotected.
                await SetProtectionAsync(true);
                var (outcome, message) = await ReceiveAsync(stoppingToken);
                if (message is not null)
                {
                    // Not cancelled by stoppingToken: a message in hand is finished even when the task is stopping.
                    await ProcessProtectedAsync(message);
                }

                // Released after each message and after each empty poll: between messages the task is replaceable.
                await SetProtectionAsync(false);
                if (outcome == Outcome.Stopping)
                {
                    break;
                }

                var rest = outcome switch
                {
                    Outcome.Empty => IdlePause,
                    Outcome.Failed => ReceiveRetryDelay,
                    _ => TimeSpan.Zero,
                };
                if (rest > TimeSpan.Zero && !await RestAsync(rest, stoppingToken))
                {
                    break;
                }
            }
        }
        finally
        {
            await SetProtectionAsync(false);
        }
    }

    // Receives one message; a failed receive is logged. Stopping ends the wait at once.
    private async Task<(Outcome Outcome, QueueMessage? Message)> ReceiveAsync(CancellationToken stoppingToken)
    {
        try
        {
            var message = await queue.ReceiveAsync(stoppingToken);
            return (message is null ? Outcome.Empty : Outcome.Received, message);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return (Outcome.Stopping, null);
        }
        catch (Exception e)
        {
            LogReceiveFailed(logger, e);
            return (Outcome.Failed, null);
        }
    }

    // Rests unprotected; false when stopping cut the rest short.
    private async Task<bool> RestAsync(TimeSpan rest, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(rest, clock, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    // Processes the message while protection is renewed at half its lifetime, so a long message stays protected.
    private async Task ProcessProtectedAsync(QueueMessage message)
    {
        using var done = new CancellationTokenSource();
        var renewal = RenewWhileAsync(done.Token);
        try
        {
            await ProcessAsync(message);
        }
        finally
        {
            await done.CancelAsync();
            await renewal;
        }
    }

    private async Task RenewWhileAsync(CancellationToken done)
    {
        try
        {
            while (true)
            {
                await Task.Delay(ProtectionRenewal, clock, done);
                await protection.SetAsync(true, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
            // The message is done; the loop releases protection.
        }
    }

    private async Task ProcessAsync(QueueMessage message)
    {
        try
        {
            await handler.HandleAsync(message, CancellationToken.None);
        }
        catch (Exception e)
        {
            LogFailed(logger, message.Id, e);
            return;
        }

        await queue.DeleteAsync(message, CancellationToken.None);
    }

    private async Task SetProtectionAsync(bool enabled)
    {
        if (_protected == enabled)
        {
            return;
        }

        await protection.SetAsync(enabled, CancellationToken.None);
        _protected = enabled;
    }

    private enum Outcome
    {
        Received,
        Empty,
        Failed,
        Stopping,
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {Id} failed; it stays in the queue for another try (and the dead-letter queue after the last).")]
    private static partial void LogFailed(ILogger logger, string id, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Receiving from the queue failed; retrying in 5 seconds.")]
    private static partial void LogReceiveFailed(ILogger logger, Exception exception);
}
