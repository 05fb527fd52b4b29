package io.switchboard.routing.flow.action;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.routing.contact.PhoneNumbers;
import io.switchboard.routing.flow.ActionProgram;
import io.switchboard.routing.flow.ActionRuntime;
import io.switchboard.routing.flow.Cancellable;
import io.switchboard.routing.flow.CompileContext;
import io.switchboard.routing.flow.NumberParameter;
import io.switchboard.routing.flow.Transitions;
import io.switchboard.routing.port.Playback;
import io.switchboard.routing.port.Playlist;
import io.switchboard.routing.port.Prompt;
import java.time.Duration;
import java.util.Optional;

/**
 * Plays an optional prompt and collects DTMF ("Get customer input" / "Store customer input").
 *
 * <p>Menu mode (StoreInput False): one digit, interrupting the prompt, compared with Equals conditions.
 * Store mode (StoreInput True): digits up to MaximumLength or the termination sequence, '*' starting
 * over unless DisableCancelKey, optional phone-number validation to E.164, stored as
 * {@code $.StoredCustomerInput}. The input time limit runs from the end of the prompt, as in Connect.
 */
public final class GetParticipantInput extends ActionType {

    static final String INPUT_TIME_LIMIT_EXCEEDED = "InputTimeLimitExceeded";
    static final String INVALID_PHONE_NUMBER = "InvalidPhoneNumber";
    private static final int DEFAULT_MAX_DIGITS = 20;

    public GetParticipantInput() {
        super("GetParticipantInput", "GetUserInput", Transitions.NO_MATCHING_ERROR, Transitions.NO_MATCHING_CONDITION,
                INPUT_TIME_LIMIT_EXCEEDED, INVALID_PHONE_NUMBER);
    }

    @Override
    protected String moduleType(CompileContext ctx) {
        return storeInput(ctx) ? "StoreUserInput" : "GetUserInput";
    }

    private static boolean storeInput(CompileContext ctx) {
        JsonNode v = ctx.parameters().get("StoreInput");
        return v != null && v.asText().equalsIgnoreCase("true");
    }

    @Override
    protected ActionProgram compileProgram(CompileContext ctx) {
        JsonNode params = ctx.parameters();
        Optional<PromptSpec> prompt = PromptSpec.parse(ctx, params, false);
        ctx.unsupported("InputEncryption", "encrypted input needs a key service Switchboard does not have");
        // Static or a reference, as the reference allows; no upper bound beyond the Wait block's seven
        // days (the console's 180 s is a limit of the console, not of the language).
        NumberParameter timeLimit = NumberParameter.read(ctx, params, "InputTimeLimitSeconds", 1, 604800, 5);
        boolean store = ctx.bool(params, "StoreInput", false);
        JsonNode dtmf = params.path("DTMFConfiguration");
        String terminator = ctx.text(dtmf, "InputTerminationSequence").orElse("#");
        if (!terminator.matches("[0-9*#]{1,5}")) {
            ctx.problem("InputTerminationSequence must be 1 to 5 of 0-9, * and #, not '" + terminator + "'");
        }
        boolean cancelKey = !ctx.bool(dtmf, "DisableCancelKey", false) && !terminator.contains("*");
        NumberParameter interdigit = NumberParameter.read(ctx, dtmf, "InterdigitTimeLimitSeconds", 1, 604800, 5);
        JsonNode validation = params.get("InputValidation");
        Transitions t = ctx.transitions();
        if (!store) {
            if (validation != null) {
                ctx.problem("InputValidation is only allowed with StoreInput True");
            }
            ctx.checkConditions(c -> c.operator().equals("Equals") && c.operand().matches("[0-9*#]"),
                    "a menu compares one key (0-9, *, #) with Equals");
            if (t.errors().containsKey(INVALID_PHONE_NUMBER)) {
                ctx.problem("error InvalidPhoneNumber needs StoreInput True with PhoneNumberValidation");
            }
            requireNoMatchBranch(ctx);
            if (ctx.failed()) {
                return null;
            }
            return rt -> timeLimit.resolve(rt, Transitions.NO_MATCHING_ERROR).ifPresent(seconds ->
                    new Collection(rt, prompt.orElse(null), Duration.ofSeconds(seconds), null).start());
        }
        noConditions(ctx);
        ctx.requireNextAction();
        if (t.errors().containsKey(Transitions.NO_MATCHING_CONDITION)) {
            ctx.problem("error NoMatchingCondition is only possible without StoreInput");
        }
        if (validation == null) {
            ctx.problem("missing required parameter InputValidation (required with StoreInput True)");
            return null;
        }
        JsonNode phone = validation.get("PhoneNumberValidation");
        JsonNode custom = validation.get("CustomValidation");
        if ((phone == null) == (custom == null)) {
            ctx.problem("InputValidation needs exactly one of PhoneNumberValidation and CustomValidation");
            return null;
        }
        String country = null;
        int maxDigits = DEFAULT_MAX_DIGITS;
        if (phone != null) {
            String format = ctx.text(phone, "NumberFormat").orElse("");
            if (format.equals("Local")) {
                country = ctx.text(phone, "CountryCode").orElse("");
                if (!PhoneNumbers.isKnownCountry(country)) {
                    ctx.problem("PhoneNumberValidation CountryCode '" + country + "' is not a supported country");
                }
            } else if (!format.equals("E164")) {
                ctx.problem("PhoneNumberValidation NumberFormat must be Local or E164, not '" + format + "'");
            }
        } else {
            maxDigits = ctx.integer(custom, "MaximumLength", 1, DEFAULT_MAX_DIGITS, DEFAULT_MAX_DIGITS);
            if (t.errors().containsKey(INVALID_PHONE_NUMBER)) {
                ctx.problem("error InvalidPhoneNumber needs PhoneNumberValidation");
            }
        }
        if (ctx.failed()) {
            return null;
        }
        int maximum = maxDigits;
        boolean phoneEntry = phone != null;
        String countryCode = country;
        boolean timeoutBranch = t.errors().containsKey(INPUT_TIME_LIMIT_EXCEEDED);
        return rt -> {
            java.util.OptionalInt first = timeLimit.resolve(rt, Transitions.NO_MATCHING_ERROR);
            if (first.isEmpty()) {
                return;
            }
            java.util.OptionalInt between = interdigit.resolve(rt, Transitions.NO_MATCHING_ERROR);
            if (between.isEmpty()) {
                return;
            }
            Storage storage = new Storage(maximum, terminator, cancelKey, Duration.ofSeconds(between.getAsInt()),
                    phoneEntry, countryCode, timeoutBranch);
            new Collection(rt, prompt.orElse(null), Duration.ofSeconds(first.getAsInt()), storage).start();
        };
    }

    /** Store-mode settings. {@code country} null with {@code phone} means E.164 entry. */
    private record Storage(int maxDigits, String terminator, boolean cancelKey, Duration interdigit,
                           boolean phone, String country, boolean timeoutBranch) {
    }

    /** One run of the action: prompt, timers and the digits so far. Lives on the engine thread. */
    private static final class Collection {
        private final ActionRuntime rt;
        private final PromptSpec prompt;
        private final Duration timeLimit;
        private final Storage storage;
        private final StringBuilder digits = new StringBuilder();
        private Playback playback;
        private Cancellable timer;
        private boolean interrupted;

        Collection(ActionRuntime rt, PromptSpec prompt, Duration timeLimit, Storage storage) {
            this.rt = rt;
            this.prompt = prompt;
            this.timeLimit = timeLimit;
            this.storage = storage;
        }

        void start() {
            rt.onDigit(this::digit);
            if (prompt == null) {
                armFirstDigitTimer();
                return;
            }
            Optional<Prompt> resolved = prompt.toPrompt(rt);
            if (resolved.isEmpty()) {
                rt.error(Transitions.NO_MATCHING_ERROR, "no such prompt: " + prompt);
                return;
            }
            playback = rt.media().play(rt.contact().id(), Playlist.once(resolved.get()));
            rt.onExit(playback::stop);
            rt.await(playback.finished(), (done, failure) -> {
                if (interrupted) {
                    return; // the caller's key stopped the prompt; the digit path owns the timers now
                }
                if (failure != null) {
                    rt.error(Transitions.NO_MATCHING_ERROR, "playback failed: " + failure.getMessage());
                } else {
                    armFirstDigitTimer();
                }
            });
        }

        private void armFirstDigitTimer() {
            timer = rt.schedule(timeLimit, this::timedOut);
        }

        private void timedOut() {
            if (storage != null && !storage.timeoutBranch()) {
                // Without a timeout branch, Store customer input succeeds with "Timeout" stored, as Connect does.
                store("Timeout");
                return;
            }
            rt.error(INPUT_TIME_LIMIT_EXCEEDED, "no input within " + timeLimit.toSeconds() + " s");
        }

        private void digit(char d) {
            if (playback != null) {
                interrupted = true;
                playback.stop();
            }
            if (timer != null) {
                timer.cancel();
            }
            if (storage == null) {
                rt.results(String.valueOf(d));
                rt.branch(String.valueOf(d));
                return;
            }
            if (d == '*' && storage.cancelKey()) {
                digits.setLength(0);
                armFirstDigitTimer();
                return;
            }
            digits.append(d);
            String term = storage.terminator();
            if (digits.length() >= term.length() && digits.substring(digits.length() - term.length()).equals(term)) {
                digits.setLength(digits.length() - term.length());
                finish();
            } else if (digits.length() >= storage.maxDigits()) {
                finish();
            } else {
                timer = rt.schedule(storage.interdigit(), this::finish);
            }
        }

        private void finish() {
            String entered = digits.toString();
            if (!storage.phone()) {
                store(entered);
                return;
            }
            Optional<String> e164 = storage.country() == null
                    ? PhoneNumbers.fromInternationalDigits(entered)
                    : PhoneNumbers.fromLocalDigits(entered, storage.country());
            if (e164.isEmpty()) {
                rt.error(INVALID_PHONE_NUMBER, "'" + entered + "' is not a valid phone number");
                return;
            }
            store(e164.get());
        }

        private void store(String value) {
            rt.contact().setStoredCustomerInput(value);
            rt.results(value);
            rt.next();
        }
    }
}
