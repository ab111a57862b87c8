public class Notifier
{
    private readonly string token = "Rd6ugGnJroMBr5CQttoJuo6fRH";
    private const string TokenHeaderName = "X-Notify-Token";
}
