/**
 * Support's words for a kiosk lent to a namesake (the ref beside the name) and a kiosk to fetch from a closed
 * citizen's home (cloud devices/closed-citizen-loan.ts): kiosk list, device page, Advarsler, closing a citizen.
 */
export const kioskCollectDa = {
  'kiosk.lentTo': '{{name}} (Ref. {{ref}})',
  'kiosk.lentToSomeone': 'En borger',
  'kiosk.toCollect': 'Skal hentes: borgeren er lukket',
  'kiosk.state.to_collect': 'Skal hentes',
  'kiosk.collectHeading': 'Skærmen skal hentes',
  'kiosk.collectText':
    'Borgeren, der lånte skærmen, er lukket. Lånet er slut, og skærmen er slettet på afstand, så intet om borgeren er tilbage på den. Hent den hos borgeren, og tryk så på knappen.',
  'kiosk.collectTextPending':
    'Borgeren, der lånte skærmen, er lukket. Lånet er slut, og skærmen kan hverken ringe eller blive ringet op. Den er ikke slettet endnu: den sletter sig selv, så snart den er tændt og på nettet. Hent den hos borgeren, og tryk så på knappen.',
  'kiosk.collectTextUnenrolled':
    'Borgeren, der lånte skærmen, er lukket. Lånet er slut. Skærmen blev aldrig tilmeldt, så der er intet på den at slette. Hent den hos borgeren, og tryk så på knappen.',
  'kiosk.collected': 'Skærmen {{label}} er hentet',
  'kiosk.collectedDone': 'Skærmen {{label}} er meldt hentet. Den står ikke længere under Advarsler.',
  'alerts.kiosk_to_collect':
    'Skærm {{name}} skal hentes: borgeren, der lånte den, er lukket. Skærmen er slettet på afstand. Meld den hentet på skærmens side.',
  'alerts.kioskToCollectPending':
    'Skærm {{name}} skal hentes: borgeren, der lånte den, er lukket. Skærmen er ikke slettet endnu: den sletter sig selv, så snart den er tændt og på nettet. Meld den hentet på skærmens side.',
  'alerts.kioskToCollectUnenrolled':
    'Skærm {{name}} skal hentes: borgeren, der lånte den, er lukket. Skærmen blev aldrig tilmeldt, så der er intet på den at slette. Meld den hentet på skærmens side.',
  'alerts.openDevice': 'Åbn {{name}}',
  'citizen.stillLent':
    'Skærmen {{labels}}, som {{name}} låner, skal hentes. Lukker du {{name}}, slutter lånet, og skærmen slettes på afstand, så intet om borgeren er tilbage på den. Den står under Skærme og Advarsler, til den er meldt hentet.',
  'citizen.stillLentMany':
    'Skærmene {{labels}}, som {{name}} låner, skal hentes. Lukker du {{name}}, slutter lånene, og skærmene slettes på afstand, så intet om borgeren er tilbage på dem. De står under Skærme og Advarsler, til de er meldt hentet.',
  'citizen.collectNow': 'Hent skærmen {{labels}} hos {{name}}: lånet er slut, og skærmen slettes på afstand.',
  'citizen.collectNowMany':
    'Hent skærmene {{labels}} hos {{name}}: lånene er slut, og skærmene slettes på afstand.',
  'citizen.stillLentUnenrolled':
    'Skærmen {{labels}}, som {{name}} låner, skal hentes. Lukker du {{name}}, slutter lånet. Skærmen er ikke tilmeldt, så der er intet på den at slette. Den står under Skærme og Advarsler, til den er meldt hentet.',
  'citizen.stillLentUnenrolledMany':
    'Skærmene {{labels}}, som {{name}} låner, skal hentes. Lukker du {{name}}, slutter lånene. Skærmene er ikke tilmeldt, så der er intet på dem at slette. De står under Skærme og Advarsler, til de er meldt hentet.',
  'citizen.collectNowUnenrolled':
    'Hent skærmen {{labels}} hos {{name}}: lånet er slut. Skærmen er ikke tilmeldt, så der er intet på den at slette.',
  'citizen.collectNowUnenrolledMany':
    'Hent skærmene {{labels}} hos {{name}}: lånene er slut. Skærmene er ikke tilmeldt, så der er intet på dem at slette.',
} as const;

export const kioskCollectEn: Record<keyof typeof kioskCollectDa, string> = {
  'kiosk.lentTo': '{{name}} (Ref. {{ref}})',
  'kiosk.lentToSomeone': 'A citizen',
  'kiosk.toCollect': 'To be collected: the citizen was closed',
  'kiosk.state.to_collect': 'To be collected',
  'kiosk.collectHeading': 'The kiosk is to be collected',
  'kiosk.collectText':
    'The citizen who borrowed this kiosk was closed. The loan has ended and the kiosk was wiped remotely, so nothing about the citizen is left on it. Fetch it from the citizen, then press the button.',
  'kiosk.collectTextPending':
    'The citizen who borrowed this kiosk was closed. The loan has ended, and the kiosk can neither call nor be called. It is not wiped yet: it wipes itself as soon as it is switched on and online. Fetch it from the citizen, then press the button.',
  'kiosk.collectTextUnenrolled':
    'The citizen who borrowed this kiosk was closed. The loan has ended. The kiosk was never enrolled, so there is nothing on it to wipe. Fetch it from the citizen, then press the button.',
  'kiosk.collected': 'Kiosk {{label}} has been collected',
  'kiosk.collectedDone': 'Kiosk {{label}} is marked collected. It is no longer listed under Alerts.',
  'alerts.kiosk_to_collect':
    'Kiosk {{name}} is to be collected: the citizen who borrowed it was closed. It was wiped remotely. Mark it collected on the kiosk’s page.',
  'alerts.kioskToCollectPending':
    'Kiosk {{name}} is to be collected: the citizen who borrowed it was closed. It is not wiped yet: it wipes itself as soon as it is switched on and online. Mark it collected on the kiosk’s page.',
  'alerts.kioskToCollectUnenrolled':
    'Kiosk {{name}} is to be collected: the citizen who borrowed it was closed. It was never enrolled, so there is nothing on it to wipe. Mark it collected on the kiosk’s page.',
  'alerts.openDevice': 'Open {{name}}',
  'citizen.stillLent':
    'Kiosk {{labels}}, which {{name}} borrows, is to be collected. Closing {{name}} ends the loan and wipes the kiosk remotely, so nothing about the citizen is left on it. It is listed under Kiosks and Alerts until marked collected.',
  'citizen.stillLentMany':
    'Kiosks {{labels}}, which {{name}} borrows, are to be collected. Closing {{name}} ends the loans and wipes the kiosks remotely, so nothing about the citizen is left on them. They are listed under Kiosks and Alerts until marked collected.',
  'citizen.collectNow':
    'Fetch kiosk {{labels}} from {{name}}: the loan has ended and the kiosk is wiped remotely.',
  'citizen.collectNowMany':
    'Fetch kiosks {{labels}} from {{name}}: the loans have ended and the kiosks are wiped remotely.',
  'citizen.stillLentUnenrolled':
    'Kiosk {{labels}}, which {{name}} borrows, is to be collected. Closing {{name}} ends the loan. The kiosk is not enrolled, so there is nothing on it to wipe. It is listed under Kiosks and Alerts until marked collected.',
  'citizen.stillLentUnenrolledMany':
    'Kiosks {{labels}}, which {{name}} borrows, are to be collected. Closing {{name}} ends the loans. The kiosks are not enrolled, so there is nothing on them to wipe. They are listed under Kiosks and Alerts until marked collected.',
  'citizen.collectNowUnenrolled':
    'Fetch kiosk {{labels}} from {{name}}: the loan has ended. The kiosk is not enrolled, so there is nothing on it to wipe.',
  'citizen.collectNowUnenrolledMany':
    'Fetch kiosks {{labels}} from {{name}}: the loans have ended. The kiosks are not enrolled, so there is nothing on them to wipe.',
};
