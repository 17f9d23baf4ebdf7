#ifndef FIREWATCH_CMOSQUITTO_SHIM_H
#define FIREWATCH_CMOSQUITTO_SHIM_H
#include <mosquitto.h>
#endif
