class PowerFeedTypeChoices:
    PASSIVE_24V_2PAIR = 'passive-24v-2pair'
    PASSIVE_48V_4PAIR = 'passive-48v-4pair'
    PASSIVE_48V_2PAIR = 'passive-48v-2pair'
