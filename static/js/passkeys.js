// The set-up step: once django-otp-webauthn's script has registered a
// passkey, go on as after setting up the app (recovery codes, if it is the
// first second factor, else the next page).
document.addEventListener("otp_webauthn.register_complete", () => {
  document.getElementById("passkey-added-form")?.submit();
});
