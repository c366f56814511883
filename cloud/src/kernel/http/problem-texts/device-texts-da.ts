/** Danish for the kiosk problems: devices and the broker (devices/, broker/). Merged into da.ts. */
export const DEVICE_TEXTS_DA: Readonly<Record<string, string>> = {
  // Devices (the devices helper's screens; their texts are here so every problem reads Danish).
  'A device labelled {{label}} already exists.': 'Der findes allerede en skærm med navnet {{label}}.',
  'A wipe of this device is already pending.': 'Skærmen er allerede ved at blive slettet.',
  'Choose the night-watch pool the button should call.': 'Vælg den nattevagt, knappen skal ringe til.',
  'Device management is not available on this server.': 'Skærmstyring er ikke slået til på denne server.',
  'Only a device in stock can be lent: return or wipe it first.':
    'Kun en skærm på lager kan lånes ud: tag den retur eller slet den først.',
  'This citizen already has a loan device.': 'Borgeren har allerede en låneskærm.',
  'This kiosk was taken back from another citizen and still holds their contacts: wipe it before lending it to someone else.':
    'Skærmen er taget retur fra en anden borger og har stadig borgerens kontakter: slet den, før den lånes ud til en anden.',
  'This citizen is disabled.': 'Borgeren er lukket.',
  'This configuration is not valid.': 'Indstillingerne er ikke gyldige.',
  'This device changed meanwhile; try again.': 'Skærmen er ændret imens. Prøv igen.',
  'This device is being wiped or is retired; it cannot be enrolled.':
    'Skærmen bliver slettet eller er udfaset og kan ikke tilmeldes.',
  'This device is being wiped or is retired; it takes no configuration.':
    'Skærmen bliver slettet eller er udfaset og kan ikke få indstillinger.',
  'This device is not lent to anyone.': 'Skærmen er ikke lånt ud.',
  'This device is retired.': 'Skærmen er udfaset.',
  'This device was never enrolled: there is nothing on it to wipe.':
    'Skærmen blev aldrig tilmeldt, så der er intet at slette.',
  'This device was wiped already and not enrolled since: there is nothing on it to wipe.':
    'Skærmen er allerede slettet og ikke tilmeldt siden, så der er intet at slette.',
  'This enrolment code is used, expired or unknown. Ask support for a new code.':
    'Tilmeldingskoden er brugt, udløbet eller ukendt. Bed support om en ny kode.',

  // The broker (a failed push of a command).
  'Could not queue the MQTT message.': 'Beskeden til skærmen kunne ikke sættes i kø.',
  'The MQTT broker is shutting down.': 'Forbindelsen til skærmene lukker ned.',
  'Refused to publish a {{channel}} message larger than {{MAX_FRAME_BYTES}} bytes.':
    'En {{channel}}-besked på over {{MAX_FRAME_BYTES}} bytes blev afvist.',
  'Refused to publish an invalid {{channel}} message.': 'En ugyldig {{channel}}-besked blev afvist.',
  'Refused to publish to an invalid device topic.': 'En besked til en ugyldig skærmadresse blev afvist.',
  'This kiosk was not waiting to be collected.': 'Skærmen var ikke meldt til at skulle hentes.',
};
